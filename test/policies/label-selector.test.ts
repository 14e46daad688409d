import { Label, LabelSelector, NetworkPolicy } from '../../lib/policies';
import { newChart, onlyPolicy } from './synth';

function selectorOf(podSelector: LabelSelector) {
  const chart = newChart();
  new NetworkPolicy(chart, 'p', { podSelector, ingress: [] });
  return onlyPolicy(chart).spec.podSelector;
}

describe('LabelSelector', () => {
  it('renders matchLabels', () => {
    expect(selectorOf(LabelSelector.matchLabels({ 'app.kubernetes.io/name': 'api', tier: 'be' }))).toEqual({
      matchLabels: { 'app.kubernetes.io/name': 'api', tier: 'be' },
    });
  });

  it('renders each matchExpressions operator, with values only for In and NotIn', () => {
    const selector = LabelSelector.matchExpressions(
      Label.in('env', 'prod', 'staging'),
      Label.notIn('tier', 'db'),
      Label.exists('team'),
      Label.doesNotExist('legacy'),
    );
    expect(selectorOf(selector)).toEqual({
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['prod', 'staging'] },
        { key: 'tier', operator: 'NotIn', values: ['db'] },
        { key: 'team', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    });
  });

  it('combines labels and expressions (both must hold)', () => {
    const selector = LabelSelector.of({
      matchLabels: { app: 'api' },
      matchExpressions: [Label.exists('team')],
    });
    expect(selectorOf(selector)).toEqual({
      matchLabels: { app: 'api' },
      matchExpressions: [{ key: 'team', operator: 'Exists' }],
    });
  });

  it('renders all() as the empty selector', () => {
    expect(selectorOf(LabelSelector.all())).toEqual({});
  });

  it('selects namespaces by name through kubernetes.io/metadata.name', () => {
    expect(selectorOf(LabelSelector.namespaceNamed('shop'))).toEqual({
      matchLabels: { 'kubernetes.io/metadata.name': 'shop' },
    });
    expect(selectorOf(LabelSelector.namespaceNamed('a', 'b'))).toEqual({
      matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['a', 'b'] }],
    });
  });

  describe('refuses', () => {
    it.each([
      ['of({})', LabelSelector.of({}), '{}'],
      ['matchLabels({})', LabelSelector.matchLabels({}), '{"matchLabels":{}}'],
      ['matchExpressions()', LabelSelector.matchExpressions(), '{"matchExpressions":[]}'],
    ])('an empty selector built with %s: matching everything must be asked for', (_, selector, shown) => {
      expect(() => selectorOf(selector)).toThrow(
        `test/p: spec.podSelector = ${shown}: an empty selector matches everything. Fix: give labels or expressions ` +
          'that name what you mean, or use LabelSelector.all() to match everything on purpose.',
      );
    });

    it.each([
      [
        '-app',
        "its name part must use 'A-Z', 'a-z', '0-9', '-', '_' and '.', starting and ending with an alphanumeric",
      ],
      ['Example.com/app', "its prefix 'Example.com' must be a lowercase RFC 1123 subdomain"],
      ['example.com/', 'its name part is empty'],
      ['a/b/c', "must have at most one '/', between the prefix and the name"],
      ['a'.repeat(64), 'its name part must be at most 63 characters (has 64)'],
    ])('the invalid label key %j', (key, problem) => {
      expect(() => selectorOf(LabelSelector.matchLabels({ [key]: 'x' }))).toThrow(
        `test/p: spec.podSelector.matchLabels key = ${JSON.stringify(key)}: label key ${problem}`,
      );
    });

    it.each([
      ['has space', "must use 'A-Z', 'a-z', '0-9', '-', '_' and '.'"],
      ['-x', "must use 'A-Z', 'a-z', '0-9', '-', '_' and '.'"],
      ['v'.repeat(64), 'must be at most 63 characters (has 64)'],
    ])('the invalid label value %j, naming the key', (value, problem) => {
      expect(() => selectorOf(LabelSelector.matchLabels({ app: value }))).toThrow(
        `test/p: spec.podSelector.matchLabels.app = ${JSON.stringify(value)}: label value ${problem}`,
      );
    });

    it('In without values', () => {
      expect(() => selectorOf(LabelSelector.matchExpressions(Label.in('env')))).toThrow(
        'test/p: spec.podSelector.matchExpressions[0].values = []: In needs at least one value. ' +
          'Fix: list the values, or use Exists / DoesNotExist.',
      );
    });

    it('Exists with values', () => {
      const selector = LabelSelector.matchExpressions({ key: 'env', operator: 'Exists', values: ['x'] });
      expect(() => selectorOf(selector)).toThrow(
        'test/p: spec.podSelector.matchExpressions[0].values = ["x"]: Exists takes no values. Fix: drop the values, or use In / NotIn.',
      );
    });

    it('an unknown operator', () => {
      const selector = LabelSelector.matchExpressions({
        key: 'env',
        operator: 'Equals' as 'In',
        values: ['x'],
      });
      expect(() => selectorOf(selector)).toThrow(
        'test/p: spec.podSelector.matchExpressions[0].operator = "Equals": unknown operator, not one of In, NotIn, Exists, DoesNotExist. ' +
          'Fix: build requirements with Label.in(), Label.notIn(), Label.exists() or Label.doesNotExist().',
      );
    });

    it('an invalid expression key or value', () => {
      expect(() => selectorOf(LabelSelector.matchExpressions(Label.exists('bad key')))).toThrow(
        'test/p: spec.podSelector.matchExpressions[0].key = "bad key": label key',
      );
      expect(() => selectorOf(LabelSelector.matchExpressions(Label.in('env', 'ok', 'not ok')))).toThrow(
        'test/p: spec.podSelector.matchExpressions[0].values[1] = "not ok": label value',
      );
    });
  });
});

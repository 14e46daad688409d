import { Label, LabelSelector, NetworkPolicy } from '../../lib/policies';
import { newChart, onlyPolicy } from './synth';

function selectorOf(podSelector: LabelSelector) {
  const chart = newChart();
  new NetworkPolicy(chart, 'p', { podSelector, ingress: [] });
  return onlyPolicy(chart).spec.podSelector;
}

const KEY_FIX = "Fix: use a key like 'app.kubernetes.io/name'.";
const VALUE_FIX = "Fix: use a value like 'frontend' or 'v1.2.3'.";
const VALUE_CHARACTERS =
  "must use 'A-Z', 'a-z', '0-9', '-', '_' and '.', starting and ending with an alphanumeric";

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
      [
        'Example.com/app',
        "its prefix 'Example.com' must be a lowercase RFC 1123 subdomain: 'a-z', '0-9', '-' and '.', each part starting and ending with an alphanumeric",
      ],
      ['example.com/', 'its name part is empty'],
      ['a/b/c', "must have at most one '/', between the prefix and the name"],
      ['a'.repeat(64), 'its name part must be at most 63 characters (has 64)'],
    ])('the invalid label key %j', (key, problem) => {
      expect(() => selectorOf(LabelSelector.matchLabels({ [key]: 'x' }))).toThrow(
        `test/p: spec.podSelector.matchLabels key = ${JSON.stringify(key)}: invalid label key: ${problem}. ` +
          KEY_FIX,
      );
    });

    it.each([
      ['has space', VALUE_CHARACTERS],
      ['-x', VALUE_CHARACTERS],
      ['v'.repeat(64), 'must be at most 63 characters (has 64)'],
    ])('the invalid label value %j, naming the key', (value, problem) => {
      expect(() => selectorOf(LabelSelector.matchLabels({ app: value }))).toThrow(
        `test/p: spec.podSelector.matchLabels.app = ${JSON.stringify(value)}: label value ${problem}. ` +
          VALUE_FIX,
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
        `test/p: spec.podSelector.matchExpressions[0].key = "bad key": invalid label key: its name part ${VALUE_CHARACTERS}. ` +
          KEY_FIX,
      );
      expect(() => selectorOf(LabelSelector.matchExpressions(Label.in('env', 'ok', 'not ok')))).toThrow(
        `test/p: spec.podSelector.matchExpressions[0].values[1] = "not ok": label value ${VALUE_CHARACTERS}. ` +
          VALUE_FIX,
      );
    });

    it.each([
      ['one name, as matchLabels', ['Shop'], 'Shop', 'spec.podSelector'],
      ['several names, as an In expression', ['shop', 'kube_system'], 'kube_system', 'spec.podSelector'],
    ])('namespaceNamed() with a name no namespace can have: %s', (_, names, bad, field) => {
      // 'Shop' is a valid label value, so only the namespace-name check stops a selector that matches nothing.
      expect(() => selectorOf(LabelSelector.namespaceNamed(...names))).toThrow(
        `test/p: ${field} = "${bad}": a namespace name must be a lowercase RFC 1123 label: 'a-z', '0-9' and '-', ` +
          "starting and ending with an alphanumeric, so the selector would match no namespace. Fix: use the namespace's exact name, e.g. 'kube-system'.",
      );
    });
  });
});

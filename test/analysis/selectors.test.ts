import { Selector, pinnedNamespaces } from '../../lib/analysis/selectors';

describe('label selectors (apimachinery semantics)', () => {
  const labels = { app: 'web', tier: 'front' };
  const expression = (key: string, operator: string, values?: string[]) => ({
    matchExpressions: [{ key, operator, ...(values ? { values } : {}) }],
  });

  it.each([
    ['empty selector', {}, true],
    ['matchLabels equal', { matchLabels: { app: 'web' } }, true],
    ['matchLabels different', { matchLabels: { app: 'api' } }, false],
    ['matchLabels AND', { matchLabels: { app: 'web', tier: 'back' } }, false],
    ['In with the value', expression('app', 'In', ['api', 'web']), true],
    ['In without the value', expression('app', 'In', ['api']), false],
    ['In on a missing key', expression('zone', 'In', ['a']), false],
    ['NotIn with the value', expression('app', 'NotIn', ['web']), false],
    ['NotIn without the value', expression('app', 'NotIn', ['api']), true],
    ['NotIn on a missing key matches', expression('zone', 'NotIn', ['a']), true],
    ['Exists', expression('tier', 'Exists'), true],
    ['Exists on a missing key', expression('zone', 'Exists'), false],
    ['DoesNotExist', expression('zone', 'DoesNotExist'), true],
    ['DoesNotExist on a present key', expression('app', 'DoesNotExist'), false],
    [
      'matchLabels AND matchExpressions',
      { matchLabels: { app: 'web' }, ...expression('tier', 'In', ['back']) },
      false,
    ],
  ])('%s', (_name, raw, expected) => {
    expect(Selector.compile(raw, 'sel').matches(labels)).toBe(expected);
  });

  it('gives equal selectors the same cache key whatever the order', () => {
    const a = Selector.compile({ matchLabels: { a: '1', b: '2' } }, 'a');
    const b = Selector.compile(
      { matchLabels: { b: '2' }, matchExpressions: [{ key: 'a', operator: 'In', values: ['1'] }] },
      'b',
    );
    expect(a.key).toBe(b.key);
    expect(Selector.compile({ matchLabels: { a: '2' } }, 'c').key).not.toBe(a.key);
  });

  it("tells apart values that differ only in grouping (In ['ab'] is not In ['a', 'b'])", () => {
    const joined = Selector.compile(expression('team', 'In', ['ab']), 'a');
    const split = Selector.compile(expression('team', 'In', ['a', 'b']), 'b');
    expect(joined.key).not.toBe(split.key);
    expect([joined.matches({ team: 'ab' }), split.matches({ team: 'ab' })]).toEqual([true, false]);
    expect([joined.matches({ team: 'a' }), split.matches({ team: 'a' })]).toEqual([false, true]);
  });

  it('tells apart keys and values that concatenate alike', () => {
    const a = Selector.compile({ matchLabels: { ab: 'c' } }, 'a');
    const b = Selector.compile({ matchLabels: { a: 'bc' } }, 'b');
    expect(a.key).not.toBe(b.key);
  });
});

describe('pinnedNamespaces', () => {
  const NAME = 'kubernetes.io/metadata.name';
  const compile = (raw: unknown) => Selector.compile(raw, 'namespaceSelector');

  it('reads the names of a kubernetes.io/metadata.name In requirement (matchLabels included)', () => {
    expect(pinnedNamespaces(compile({ matchLabels: { [NAME]: 'kube-system' } }))).toEqual(['kube-system']);
    expect(
      pinnedNamespaces(compile({ matchExpressions: [{ key: NAME, operator: 'In', values: ['b', 'a'] }] }))
        ?.slice()
        .sort(),
    ).toEqual(['a', 'b']);
  });

  it('is undefined when the selector can select other namespaces', () => {
    expect(pinnedNamespaces(undefined)).toBeUndefined();
    expect(pinnedNamespaces(compile({}))).toBeUndefined();
    expect(pinnedNamespaces(compile({ matchLabels: { team: 'x' } }))).toBeUndefined();
    expect(
      pinnedNamespaces(compile({ matchExpressions: [{ key: NAME, operator: 'NotIn', values: ['a'] }] })),
    ).toBeUndefined();
  });
});

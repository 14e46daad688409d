/** One row per value: the problem the rule reports for it, undefined when the API server accepts it. */
export function problems<T>(
  rule: string,
  problemOf: (value: T) => string | undefined,
  rows: Array<[T, unknown]>,
): void {
  it.each(rows)(`${rule} %j`, (value, problem) => {
    expect(problemOf(value)).toEqual(problem);
  });
}

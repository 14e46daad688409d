import { IConstruct } from 'constructs';
import { NAMESPACE_NAME_LABEL, dnsLabelProblem } from '../../kubernetes';
import { invalidInput } from '../errors';
import { Label, LabelSelector } from '../label-selector';

/**
 * Every namespace but these, by name; every namespace when there are none. Each must be a namespace name: a
 * misspelt exemption ('Kube_System' is a valid label value) would exempt nothing, silently.
 * @param field the prop that lists the names, named in errors
 */
export function namespacesExcept(scope: IConstruct, field: string, names: readonly string[]): LabelSelector {
  names.forEach((name, i) => {
    const problem = dnsLabelProblem(name);
    if (problem) {
      throw invalidInput(
        scope,
        `${field}[${i}]`,
        name,
        `a namespace name ${problem}, so it would exempt no namespace`,
        "use the namespace's exact name, e.g. 'kube-system'",
      );
    }
  });
  return names.length === 0
    ? LabelSelector.all()
    : LabelSelector.matchExpressions(Label.notIn(NAMESPACE_NAME_LABEL, ...names));
}

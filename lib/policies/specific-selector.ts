import { IConstruct } from 'constructs';
import { invalidInput } from './errors';
import { LabelSelector } from './label-selector';

/**
 * Refuses `LabelSelector.all()` where the construct's meaning is about specific pods ("to a pod", "from an
 * app"): there, matching everything is a mistake, and a namespace-wide construct exists for that intent.
 */
export function requireSpecificSelector(
  where: IConstruct | string,
  field: string,
  selector: LabelSelector,
  fix: string,
): void {
  if (selector.matchesEverything) {
    throw invalidInput(
      where,
      field,
      {},
      'this construct needs a specific selector, and LabelSelector.all() matches everything',
      fix,
    );
  }
}

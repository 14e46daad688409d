import { IConstruct } from 'constructs';
import { childPath, invalidInput } from './errors';
import { LabelSelector } from './label-selector';

/** A selector that a construct needs specific: its field in the emitted object, the selector, and the fix. */
export type SpecificSelector = readonly [field: string, selector: LabelSelector, fix: string];

/**
 * Refuses `LabelSelector.all()` where the construct's meaning is about specific pods ("to a pod", "from an
 * app"): there, matching everything is a mistake, and a namespace-wide construct exists for that intent.
 * Called before `super()`, so errors name the path the construct `id` will have in `scope`.
 */
export function requireSpecificSelectors(
  scope: IConstruct,
  id: string,
  ...selectors: SpecificSelector[]
): void {
  for (const [field, selector, fix] of selectors) {
    if (selector.matchesEverything) {
      throw invalidInput(
        childPath(scope, id),
        field,
        {},
        'this construct needs a specific selector, and LabelSelector.all() matches everything',
        fix,
      );
    }
  }
}

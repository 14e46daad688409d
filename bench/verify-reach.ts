/**
 * What makes the bench's timing meaningful: the reach it timed must be right. Each check is independent of
 * reach's indexed evaluation: `allows` judges one flow at a time (explain), and the witnesses are flows the
 * synthetic cluster was built to allow or deny, one per feature it mixes.
 */
import {
  formatProbe,
  isExternalId,
  pairKey,
  type ClusterModel,
  type Pair,
  type Probe,
} from '../lib/analysis';

/** A flow with its expected verdict; `side: 'ingress'` judges only the destination's ingress. */
export interface Witness {
  feature: string;
  from: string;
  to: string;
  probe: Probe;
  allowed: boolean;
  side?: 'ingress';
}

export interface ReachCheck {
  /** The in-process model of the same input and externals as the timed run. */
  model: ClusterModel;
  probe: Probe;
  /** The pairs the timed CLI run printed. */
  pairs: readonly Pair[];
  witnesses: readonly Witness[];
  /** Every n-th endpoint (and every external) has its row and its column compared with `allows` in full. */
  stride: number;
}

export interface Verdict {
  /** What is wrong; empty when the reach result holds up. */
  problems: string[];
  /** Endpoints whose every flow, in and out, was judged one at a time. */
  sampled: number;
  witnesses: number;
}

export function verifyReach(check: ReachCheck): Verdict {
  const { model } = check;
  const problems: string[] = [];
  if (check.pairs.length === 0) problems.push('reach found no allowed pair at all');
  const inProcess = model.reach(check.probe);
  if (JSON.stringify(inProcess) !== JSON.stringify(check.pairs)) {
    problems.push(`the CLI printed ${check.pairs.length} pairs, the model computes ${inProcess.length}`);
  }
  const reached = new Set(check.pairs.map(pairKey));
  const ids = model.endpointIds();
  const sampled = ids.filter((id, i) => isExternalId(id) || i % check.stride === 0);
  const flows = sampled.flatMap((one) =>
    ids.flatMap((other): Pair[] => [
      [one, other],
      [other, one],
    ]),
  );
  for (const [from, to] of new Map(flows.map((flow) => [pairKey(flow), flow])).values()) {
    if (isExternalId(from) && isExternalId(to)) continue;
    const allowed = model.allows(from, to, check.probe);
    if (allowed !== reached.has(pairKey([from, to]))) {
      problems.push(`${from} -> ${to}: allows() says ${allowed}, reach says ${!allowed}`);
    }
  }
  for (const witness of check.witnesses) {
    const explanation = model.explain(witness.from, witness.to, witness.probe);
    const allowed = witness.side === 'ingress' ? explanation.ingress.allowed : explanation.allowed;
    if (allowed !== witness.allowed) {
      const what = `${witness.from} -> ${witness.to} ${formatProbe(witness.probe)}`;
      problems.push(`${witness.feature}: ${what} should be ${witness.allowed ? 'allowed' : 'denied'}`);
    }
  }
  return { problems, sampled: sampled.length, witnesses: check.witnesses.length };
}

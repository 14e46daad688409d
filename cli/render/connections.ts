import type { Connection, ConnectionDiff, PotentialPeer } from '../../lib/analysis';

const ARROW = '→';

const line = (sign: string, { from, to }: { from: string; to: string }, what: string): string =>
  `  ${sign}${from} ${ARROW} ${to}: ${what}`;

/** The connectivity list: one line per pair that allows anything, `shop/frontend → shop/api: TCP 8080`. */
export function renderConnections(connections: readonly Connection[], endpoints: number): string {
  const header = `${connections.length} connection(s) among ${endpoints} endpoints (pairs that allow any port)`;
  return [header, ...connections.map((c) => line('', c, c.allowed.toString()))].join('\n');
}

/** Every change on any port: `+` opened pairs, `-` closed pairs, `~` pairs whose ports changed. */
export function renderConnectionDiff(diff: ConnectionDiff): string {
  const { opened, closed, changed } = diff;
  const header = `${opened.length} pair(s) opened, ${closed.length} closed, ${changed.length} changed`;
  return [
    header,
    ...opened.map((c) => line('+ ', c, c.allowed.toString())),
    ...closed.map((c) => line('- ', c, c.allowed.toString())),
    ...changed.map((c) => {
      const what = [
        ...(c.opened.isEmpty() ? [] : [`opens ${c.opened.toString()}`]),
        ...(c.closed.isEmpty() ? [] : [`closes ${c.closed.toString()}`]),
      ];
      return line('~ ', c, `${c.before.toString()} ${ARROW} ${c.after.toString()} (${what.join('; ')})`);
    }),
  ].join('\n');
}

function describePorts(peer: PotentialPeer): string {
  const named = peer.namedPorts.map((port) => `named ${port}`);
  if (peer.ports.isEmpty()) return named.join(', ');
  return [peer.ports.toString(), ...named].join(', ');
}

function describeWorkloads(workloads: readonly string[]): string {
  if (workloads.length === 0) return 'no workload of the input yet';
  const shown = workloads.slice(0, 5).join(', ');
  return workloads.length > 5 ? `${shown} and ${workloads.length - 5} more` : shown;
}

/** Potential peers beyond the input, one line per rule peer, the workloads it opens on the next line. */
export function renderExposure(peers: readonly PotentialPeer[]): string {
  const header = `${peers.length} rule peer(s) admit pods or addresses beyond the input (potential peers)`;
  return [
    header,
    ...peers.flatMap((peer) => {
      const towards = peer.direction === 'ingress' ? 'from' : 'to';
      const tier = peer.tier ? ` (${peer.tier} Accept)` : '';
      return [
        `  ${peer.policy}${tier} ${peer.path}: ${peer.direction} ${towards} ${peer.peer} on ${describePorts(peer)}`,
        `    opens ${describeWorkloads(peer.workloads)}`,
      ];
    }),
  ].join('\n');
}

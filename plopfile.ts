// npm run plop -- <generator> [answers...]: small fragments inside a service, e.g.
//   npm run plop -- handler billing orders.order.created
//   npm run plop -- event orders orders.order.cancelled
// Plop 4 is ESM and this file is TypeScript, so the script runs plop through tsx.
import type { NodePlopAPI } from 'plop';
import { nxRunner, registerPlopGenerators } from './generators/src/plop/plop-generators';

export default function plopfile(plop: NodePlopAPI): void {
  // getPlopfilePath() is the plopfile's directory: the workspace root.
  registerPlopGenerators(plop, nxRunner(plop.getPlopfilePath()));
}

import type { IrGraph } from './ir.js';

/**
 * Exact rewrites of the forward graph that make training cheaper:
 * - `Relu → MaxPool` becomes `MaxPool → Relu` when the Relu feeds only the pool: max(relu(x)) =
 *   relu(max(x)) for every window, bit for bit, and the gradient reaches the same argmax (where the
 *   maximum is positive; elsewhere it is zero both ways), while the Relu and its gradient run on
 *   the pooled tensor.
 */
export function optimizeForward(graph: IrGraph): IrGraph {
  const consumers = new Map<string, number>();
  for (const n of graph.nodes) for (const i of n.inputs) consumers.set(i, (consumers.get(i) ?? 0) + 1);
  const outputs = new Set(graph.outputs.map((o) => o.name));
  const nodes = graph.nodes.map((n) => ({ ...n, inputs: [...n.inputs], outputs: [...n.outputs] }));
  const producer = new Map(nodes.flatMap((n) => n.outputs.map((o) => [o, n] as const)));
  for (const pool of nodes) {
    if (pool.op !== 'MaxPool' || (pool.outputs[1] ?? '') !== '') continue;
    const relu = producer.get(pool.inputs[0]);
    if (relu === undefined || relu.op !== 'Relu' || consumers.get(relu.outputs[0]) !== 1 || outputs.has(relu.outputs[0])) continue;
    // relu: a → r, pool: r → p   ⇒   pool: a → r, relu: r → p (same names, order kept valid)
    const [a, r, p] = [relu.inputs[0], relu.outputs[0], pool.outputs[0]];
    pool.inputs[0] = a;
    pool.outputs[0] = r;
    relu.inputs[0] = r;
    relu.outputs[0] = p;
    const i = nodes.indexOf(relu);
    const j = nodes.indexOf(pool);
    nodes[i] = pool;
    nodes[j] = relu;
  }
  return { ...graph, nodes };
}

// Worker thread of the main job: trains one run (train-onnx.ts) and posts progress and the result.
import { parentPort, workerData } from 'node:worker_threads';
import { trainOnnxRun, type OnnxRunOptions, type SharedData } from './train-onnx.js';

const { options, data } = workerData as { options: OnnxRunOptions; data: SharedData };
try {
  const result = await trainOnnxRun(options, data, (progress) => parentPort?.postMessage({ type: 'progress', progress }));
  // policies from core's builders carry their compiled function: send the plain JSON
  parentPort?.postMessage({ type: 'done', result: JSON.parse(JSON.stringify(result)) });
} catch (error) {
  parentPort?.postMessage({ type: 'error', message: (error as Error).message });
}

// Runs an ONNX model in onnxruntime (the npm package onnxruntime-node) for check_onnx.py:
//   node onnxruntime_run.js MODEL.onnx INPUT.bin '[N, ...shape]'
// INPUT.bin holds the float32 inputs, little-endian; prints the output as a JSON array.
const fs = require('fs');
const ort = require('onnxruntime-node');

(async () => {
  const [model, input, shape] = process.argv.slice(2);
  const bytes = fs.readFileSync(input);
  const data = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  const session = await ort.InferenceSession.create(model);
  const result = await session.run({input: new ort.Tensor('float32', Float32Array.from(data), JSON.parse(shape))});
  process.stdout.write(JSON.stringify(Array.from(result.output.data)));
})().catch((e) => {
  console.error(e.message);
  process.exit(1);
});

// A minimal Open Inference Protocol REST server around onnxruntime-node, the peer many users would write.
// Usage: node node-server.mjs <port> <folder with NAME.onnx files> [models, comma-separated; default small,medium]
import http from "node:http";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const ort = require("onnxruntime-node");
const [port, folder, models = "small,medium"] = process.argv.slice(2);
const sessions = {};
for (const name of models.split(",")) {
  sessions[name] = await ort.InferenceSession.create(path.join(folder, `${name}.onnx`));
}

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

http
  .createServer((req, res) => {
    if (req.method === "GET" && req.url === "/v2/health/ready") return send(res, 200, { ready: true });
    const match = /^\/v2\/models\/([^/]+)\/infer$/.exec(req.url);
    const session = match && sessions[match[1]];
    if (req.method !== "POST" || !session) return send(res, 404, { error: "not found" });
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", async () => {
      try {
        const request = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        const feeds = {};
        for (const input of request.inputs) {
          feeds[input.name] = new ort.Tensor("float32", Float32Array.from(input.data.flat(Infinity)), input.shape);
        }
        const results = await session.run(feeds);
        const outputs = Object.entries(results).map(([name, t]) => ({
          name,
          datatype: "FP32",
          shape: t.dims,
          data: Array.from(t.data),
        }));
        send(res, 200, { model_name: match[1], outputs });
      } catch (e) {
        send(res, 400, { error: String(e.message ?? e) });
      }
    });
  })
  .listen(Number(port), "127.0.0.1");

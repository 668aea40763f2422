// A KServe v2 gRPC client we did not write: @grpc/grpc-js + @grpc/proto-loader load inference.proto and call every
// unary method of inference.GRPCInferenceService plus grpc.health.v1 Check; prints one JSON object on stdout.
// usage: node kserve-client.mjs <host:port> <inference.proto> <node_modules dir> <model> <inputs.json>
// inputs.json: [{"name","datatype","shape":[..],"data":[..],"parameters"?:{"content_type"}}]; BYTES data are strings
// (base64 when the input has a content_type, e.g. an encoded image).
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const [target, protoPath, modules, model, inputsPath] = process.argv.slice(2);
if (!inputsPath) {
  console.error("usage: node kserve-client.mjs <host:port> <inference.proto> <node_modules dir> <model> <inputs.json>");
  process.exit(2);
}
const require = createRequire(path.join(path.resolve(modules), "_"));
const grpc = require("@grpc/grpc-js");
const protoLoader = require("@grpc/proto-loader");

const options = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true };
const here = path.dirname(fileURLToPath(import.meta.url));
const inference = grpc.loadPackageDefinition(protoLoader.loadSync(protoPath, options)).inference;
const health = grpc.loadPackageDefinition(protoLoader.loadSync(path.join(here, "health.proto"), options)).grpc.health.v1;
const credentials = grpc.credentials.createInsecure();
const client = new inference.GRPCInferenceService(target, credentials);
const healthClient = new health.Health(target, credentials);

// datatype -> [typed contents field, byte size, Buffer writer, Buffer reader]
const types = {
  BOOL: ["bool_contents", 1, (b, v, o) => b.writeUInt8(v ? 1 : 0, o), (b, o) => b.readUInt8(o) !== 0],
  UINT8: ["uint_contents", 1, (b, v, o) => b.writeUInt8(v, o), (b, o) => b.readUInt8(o)],
  UINT16: ["uint_contents", 2, (b, v, o) => b.writeUInt16LE(v, o), (b, o) => b.readUInt16LE(o)],
  UINT32: ["uint_contents", 4, (b, v, o) => b.writeUInt32LE(v, o), (b, o) => b.readUInt32LE(o)],
  UINT64: ["uint64_contents", 8, (b, v, o) => b.writeBigUInt64LE(BigInt(v), o), (b, o) => b.readBigUInt64LE(o).toString()],
  INT8: ["int_contents", 1, (b, v, o) => b.writeInt8(v, o), (b, o) => b.readInt8(o)],
  INT16: ["int_contents", 2, (b, v, o) => b.writeInt16LE(v, o), (b, o) => b.readInt16LE(o)],
  INT32: ["int_contents", 4, (b, v, o) => b.writeInt32LE(v, o), (b, o) => b.readInt32LE(o)],
  INT64: ["int64_contents", 8, (b, v, o) => b.writeBigInt64LE(BigInt(v), o), (b, o) => b.readBigInt64LE(o).toString()],
  FP32: ["fp32_contents", 4, (b, v, o) => b.writeFloatLE(v, o), (b, o) => b.readFloatLE(o)],
  FP64: ["fp64_contents", 8, (b, v, o) => b.writeDoubleLE(v, o), (b, o) => b.readDoubleLE(o)],
};

function call(stub, method, request) {
  return new Promise((resolve) =>
    stub[method](request, { deadline: Date.now() + 30000 }, (error, response) =>
      resolve(error ? { error: { code: error.code, details: error.details } } : { response }),
    ),
  );
}

// An input with parameters.content_type (an encoded image) carries its BYTES data as base64 text in inputs.json.
const bytesOf = (input, s) => Buffer.from(s, input.parameters?.content_type ? "base64" : "utf8");

function rawBytes(input) {
  if (input.datatype === "BYTES") {
    return Buffer.concat(
      input.data.map((s) => {
        const value = bytesOf(input, s);
        const length = Buffer.alloc(4);
        length.writeUInt32LE(value.length, 0);
        return Buffer.concat([length, value]);
      }),
    );
  }
  const [, size, write] = types[input.datatype];
  const buffer = Buffer.alloc(size * input.data.length);
  input.data.forEach((v, i) => write(buffer, v, i * size));
  return buffer;
}

function decodeRaw(datatype, buffer) {
  const values = [];
  if (datatype === "BYTES") {
    for (let o = 0; o < buffer.length; ) {
      const length = buffer.readUInt32LE(o);
      values.push(buffer.subarray(o + 4, o + 4 + length).toString("utf8"));
      o += 4 + length;
    }
    return values;
  }
  const [, size, , read] = types[datatype];
  for (let o = 0; o < buffer.length; o += size) values.push(read(buffer, o));
  return values;
}

function typedContents(input) {
  if (input.datatype === "BYTES") return { bytes_contents: input.data.map((s) => bytesOf(input, s)) };
  return { [types[input.datatype][0]]: input.data };
}

// Output tensors as {name, datatype, shape, data}, whether the server answered raw or typed.
function outputs(result) {
  if (!result.response) return result;
  const r = result.response;
  return {
    model_name: r.model_name,
    id: r.id,
    outputs: r.outputs.map((o, i) => {
      let data;
      if (r.raw_output_contents.length > 0) data = decodeRaw(o.datatype, r.raw_output_contents[i]);
      else if (o.datatype === "BYTES") data = o.contents.bytes_contents.map((b) => b.toString("utf8"));
      else data = o.contents[types[o.datatype][0]];
      return { name: o.name, datatype: o.datatype, shape: o.shape, data };
    }),
  };
}

const inputs = JSON.parse(readFileSync(inputsPath, "utf8"));
const parameters = (i) =>
  i.parameters?.content_type ? { parameters: { content_type: { string_param: i.parameters.content_type } } } : {};
const tensor = (i, contents) => ({
  name: i.name,
  datatype: i.datatype,
  shape: i.shape,
  ...parameters(i),
  ...(contents ? { contents } : {}),
});
const result = {
  health: await call(healthClient, "Check", { service: "" }),
  serverLive: await call(client, "ServerLive", {}),
  serverReady: await call(client, "ServerReady", {}),
  modelReady: await call(client, "ModelReady", { name: model, version: "" }),
  serverMetadata: await call(client, "ServerMetadata", {}),
  modelMetadata: await call(client, "ModelMetadata", { name: model, version: "" }),
  inferTyped: outputs(
    await call(client, "ModelInfer", { model_name: model, id: "typed", inputs: inputs.map((i) => tensor(i, typedContents(i))) }),
  ),
  inferRaw: outputs(
    await call(client, "ModelInfer", {
      model_name: model,
      id: "raw",
      inputs: inputs.map((i) => tensor(i)),
      raw_input_contents: inputs.map(rawBytes),
    }),
  ),
  unknownModel: await call(client, "ModelInfer", { model_name: "no-such-model", inputs: inputs.map((i) => tensor(i, typedContents(i))) }),
};
client.close();
healthClient.close();
process.stdout.write(JSON.stringify(result) + "\n");

// Validates deployment manifests the way a cluster would, with tools we did not write:
//   Deployment, Service, HorizontalPodAutoscaler: the Kubernetes OpenAPI types of kubernetes-models;
//   InferenceService, ServingRuntime: the KServe CRD schemas in kserve-crd/ with ajv (metadata: ObjectMeta).
// Objects are closed (additionalProperties: false where the schema lists properties and does not preserve unknown
// fields), as `kubectl apply` (--validate=strict) refuses unknown fields. The Deployment's pod spec is also checked
// for unknown fields against the core/v1 PodSpec and Container the KServe predictor schema embeds.
// Usage: node validate-manifests.mjs NODE_MODULES FILE.yaml...   Prints "ok <kind> <name>" per object; exit 1 on any error.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const [modules, ...files] = process.argv.slice(2);
const require = createRequire(path.join(modules, "noop.js"));
const YAML = require("yaml");
const Ajv = require("ajv").default;
const load = async (p) => import(pathToFileURL(path.join(modules, p)).href);
const { Deployment } = await load("kubernetes-models/apps/v1/Deployment.js");
const { Service } = await load("kubernetes-models/v1/Service.js");
const { HorizontalPodAutoscaler } = await load("kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler.js");
const { ObjectMeta } = await load("@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta.js");

function closed(schema) {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== "object") return schema;
  const out = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, closed(v)]));
  if (out.properties && out.additionalProperties === undefined && !out["x-kubernetes-preserve-unknown-fields"])
    out.additionalProperties = false;
  return out;
}
const crd = (file) =>
  closed(JSON.parse(zlib.gunzipSync(fs.readFileSync(new URL(`kserve-crd/${file}`, import.meta.url)))));
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const isvcSchema = crd("InferenceService.v1beta1.json.gz");
const crds = {
  "serving.kserve.io/v1beta1 InferenceService": ajv.compile(isvcSchema),
  "serving.kserve.io/v1alpha1 ServingRuntime": ajv.compile(crd("ServingRuntime.v1alpha1.json.gz")),
};
const podSpec = ajv.compile(isvcSchema.properties.spec.properties.predictor);
const models = {
  "apps/v1 Deployment": Deployment,
  "v1 Service": Service,
  "autoscaling/v2 HorizontalPodAutoscaler": HorizontalPodAutoscaler,
};

let failed = false;
const fail = (where, message) => {
  failed = true;
  console.log(`FAIL ${where}: ${message}`);
};
for (const file of files) {
  for (const doc of YAML.parseAllDocuments(fs.readFileSync(file, "utf8"))) {
    if (doc.errors.length) { fail(file, doc.errors.map(String).join("; ")); continue; }
    const object = doc.toJS();
    const key = `${object.apiVersion} ${object.kind}`;
    const where = `${path.basename(file)} ${key} ${object.metadata?.name}`;
    try {
      if (models[key]) {
        new models[key](object).validate();
        if (object.kind === "Deployment" && !podSpec(object.spec.template.spec))
          throw new Error(ajv.errorsText(podSpec.errors));
      } else if (crds[key]) {
        new ObjectMeta(object.metadata).validate();
        if (!crds[key](object)) throw new Error(ajv.errorsText(crds[key].errors));
      } else {
        throw new Error("no schema for this kind");
      }
      console.log(`ok ${key} ${object.metadata.name}`);
    } catch (e) {
      fail(where, e.message);
    }
  }
}
process.exit(failed ? 1 : 0);

#!/usr/bin/env bash
# Validates the deployment files without Docker or a Kubernetes cluster:
#   - deploy/compose.yaml against the Compose schema (docker-compose config; Debian: apt-get install docker-compose);
#   - deploy/k8s rendered by kustomize (kubectl kustomize), each object checked against the Kubernetes OpenAPI
#     schemas of the npm package kubernetes-models (installed into a temporary folder);
#   - deploy/nginx.conf with nginx -t when nginx is installed (Debian: apt-get install nginx).
set -euo pipefail
deploy="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== compose.yaml"
ATTENDANCE_CLIENT_SECRET=validate DATA_PROTECTION_PASSWORD=validate DEMO_PASSWORD=validate KEYCLOAK_ADMIN_PASSWORD=validate POSTGRES_PASSWORD=validate ATTENDANCE_DB_PASSWORD=validate RETENTION_DB_PASSWORD=validate docker-compose -f "$deploy/compose.yaml" config -q
echo "valid: services $(ATTENDANCE_CLIENT_SECRET=validate DATA_PROTECTION_PASSWORD=validate DEMO_PASSWORD=validate KEYCLOAK_ADMIN_PASSWORD=validate POSTGRES_PASSWORD=validate ATTENDANCE_DB_PASSWORD=validate RETENTION_DB_PASSWORD=validate docker-compose -f "$deploy/compose.yaml" config --services | tr '\n' ' ')"

echo "== k8s"
kubectl kustomize "$deploy/k8s" >"$work/rendered.yaml"
cp "$deploy/k8s/secret.example.yaml" "$work/secret.yaml"
npm install --silent --prefix "$work" kubernetes-models@5 yaml@2 >/dev/null
cat >"$work/validate.mjs" <<'JS'
import fs from "fs";
import YAML from "yaml";
let failed = false;
for (const file of process.argv.slice(2)) {
  for (const doc of YAML.parseAllDocuments(fs.readFileSync(file, "utf8"))) {
    const object = doc.toJSON();
    if (!object) continue;
    const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : ["", object.apiVersion];
    const { [object.kind]: Model } = await import(`kubernetes-models/${group ? group + "/" : ""}${version}/${object.kind}`);
    try {
      new Model(object).validate();
      console.log(`valid: ${object.kind} ${object.metadata.name}`);
    } catch (error) {
      failed = true;
      console.error(`INVALID: ${object.kind} ${object.metadata.name}: ${error.message}`);
    }
  }
}
process.exit(failed ? 1 : 0);
JS
(cd "$work" && node validate.mjs rendered.yaml secret.yaml)

if command -v nginx >/dev/null; then
    echo "== nginx.conf"
    # The upstream names resolve only inside compose's network: check the syntax with them pointed at loopback.
    sed 's/server silo[0-9]:8080/server 127.0.0.1:8080/' "$deploy/nginx.conf" >"$work/default.conf"
    printf 'events {}\nhttp {\n include %s/default.conf;\n}\n' "$work" >"$work/nginx.conf"
    nginx -t -c "$work/nginx.conf" -p "$work" 2>&1 | sed 's/^/  /'
fi

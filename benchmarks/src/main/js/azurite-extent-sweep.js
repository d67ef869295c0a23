// How long Azurite's in-memory queue store takes to sweep the extents of deleted messages.
// Azurite keeps one extent per message body; its garbage collector (every 60 s) deletes the
// unreferenced ones one at a time through LokiExtentMetadataStore.deleteExtent. This times
// that store alone: insert n extents, then delete them all, as a sweep does.
// Run from the project root after `npm ci`: node benchmarks/src/main/js/azurite-extent-sweep.js [n ...]
"use strict";
const path = require("path");
const { randomUUID } = require("crypto");
const Store = require(path.join(process.cwd(),
    "node_modules/azurite/dist/src/common/persistence/LokiExtentMetadataStore")).default;

(async () => {
  const sizes = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [2500, 5000, 10000];
  for (const n of sizes) {
    // In memory: the path is only a name, nothing is written.
    const store = new Store(`azurite-extent-sweep-${n}`, true);
    await store.init();
    const ids = [];
    let start = Date.now();
    for (let i = 0; i < n; i++) {
      const id = randomUUID();
      ids.push(id);
      await store.updateExtent({ id, locationId: id, path: id, size: 24, lastModifiedInMS: Date.now() });
    }
    const inserted = Date.now() - start;
    start = Date.now();
    for (const id of ids) {
      await store.deleteExtent(id);
    }
    console.log(`${n} extents: insert ${inserted} ms, sweep ${Date.now() - start} ms`);
  }
})();

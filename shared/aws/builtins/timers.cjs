// Lambda bundles load node:timers through this file instead of an ESM import: see NODE_BUILTINS in lib/bundling.ts.
module.exports = process.getBuiltinModule('node:timers');

// Lambda bundles load node:async_hooks through this file instead of an ESM import: see NODE_BUILTINS in lib/bundling.ts.
module.exports = process.getBuiltinModule('node:async_hooks');

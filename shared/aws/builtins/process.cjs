// Lambda bundles load node:process through this file instead of an ESM import: see NODE_BUILTINS in lib/bundling.ts.
module.exports = process.getBuiltinModule('node:process');

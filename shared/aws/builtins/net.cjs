// Lambda bundles load node:net through this file instead of an ESM import: see NODE_BUILTINS in lib/bundling.ts.
module.exports = process.getBuiltinModule('node:net');

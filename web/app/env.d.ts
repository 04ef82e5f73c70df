/** esbuild bundles imported stylesheets into app-<hash>.css (web/build.ts). */
declare module '*.css';

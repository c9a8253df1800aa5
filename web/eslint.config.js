// ESLint (flat config): the recommended rules and nothing more, over the UI's
// sources, its unit tests and the Vite config. `npm run lint`; `make test` runs it.
import js from '@eslint/js';

// The browser globals the UI uses (no `globals` package: one dependency fewer).
const browser = Object.fromEntries([
  'window', 'document', 'location', 'history', 'navigator', 'sessionStorage', 'localStorage', 'fetch', 'WebSocket',
  'URL', 'URLSearchParams', 'requestAnimationFrame', 'cancelAnimationFrame', 'setTimeout', 'clearTimeout',
  'setInterval', 'clearInterval', 'performance', 'console', 'HTMLElement', 'Event', 'CustomEvent', 'KeyboardEvent',
  'ResizeObserver', 'AbortController', 'getComputedStyle', 'matchMedia', 'alert', 'confirm', 'Blob', 'TextDecoder', 'TextEncoder',
].map((name) => [name, 'readonly']));

const node = Object.fromEntries(['process', 'console', 'URL', 'setTimeout', 'clearTimeout'].map((name) => [name, 'readonly']));

export default [
  { ignores: ['dist/**', 'node_modules/**'] },
  js.configs.recommended,
  {
    files: ['src/**/*.js'],
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: browser },
  },
  {
    files: ['test/**/*.js', 'eslint.config.js', 'vite.config.mjs'],
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: node },
  },
];

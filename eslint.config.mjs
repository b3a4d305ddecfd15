// A small eslint: type-aware rules are left to `tsc`; this file enforces the layering.
import tseslint from "typescript-eslint";

const noSdk = {
  group: ["**/sdk", "**/sdk/**", "pulumi-passwork", "pulumi-passwork/dist/sdk/**"],
  message: "provider/ never imports sdk/.",
};
const httpOnlyInClient = { name: "undici", message: "Only provider/client/ speaks HTTP." };
/** The provider and the sdk: neither protocol/ nor the emulator may reach up into them. */
const providerOrSdk = ["**/provider", "**/provider/**", "**/sdk", "**/sdk/**"];

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "**/node_modules/**", "bench/work/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-require-imports": "off",
    },
  },
  {
    files: ["provider/**/*.ts"],
    ignores: ["provider/client/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [noSdk, { group: ["**/emulator/**"], message: "provider/ never imports the emulator." }],
          paths: [httpOnlyInClient],
        },
      ],
    },
  },
  {
    // The typed skeleton (provider/resources/skeleton.ts) is where engine values become typed: no double casts.
    files: ["provider/**/*.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector:
            "TSAsExpression[expression.type='TSAsExpression'][expression.typeAnnotation.type='TSUnknownKeyword']",
          message:
            "no `as unknown as`: type the value where it enters (resources/skeleton.ts, settings/schema.ts).",
        },
        {
          selector: "TSAsExpression > TSTypeReference[typeName.name=/(Inputs|Outputs)$/]",
          message:
            "no `as …Inputs` / `as …Outputs`: the typed skeleton (resources/skeleton.ts) gives resources typed values.",
        },
      ],
    },
  },
  {
    files: ["provider/access/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            noSdk,
            {
              group: [
                "**/resources",
                "**/resources/**",
                "**/client",
                "**/client/**",
                "**/config",
                "**/settings/**",
                "**/emulator/**",
              ],
              message:
                "provider/access/ is pure access logic (levels, walk, guardrails): no I/O, no resources.",
            },
          ],
          paths: [httpOnlyInClient],
        },
      ],
    },
  },
  {
    files: ["provider/client/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            noSdk,
            { group: ["**/resources/**", "**/emulator/**"], message: "the client is the bottom layer." },
          ],
        },
      ],
    },
  },
  {
    files: ["emulator/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [...providerOrSdk, "pulumi-passwork", "pulumi-passwork/**"],
              message:
                "the emulator shares protocol/ (wire schemas and constants) with the client, nothing else.",
            },
          ],
          paths: [httpOnlyInClient],
        },
      ],
    },
  },
  {
    files: ["protocol/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [...providerOrSdk, "**/emulator", "**/emulator/**"],
              message:
                "protocol/ is the neutral floor: wire schemas and constants only, importing no other layer.",
            },
          ],
          paths: [httpOnlyInClient],
        },
      ],
    },
  },
  {
    files: ["sdk/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [httpOnlyInClient],
          patterns: [{ group: ["**/emulator/**"], message: "the sdk does not ship the emulator." }],
        },
      ],
    },
  },
);

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importSpecifiers, LAYERS, readSource, sourceFiles, violations } from './layer-rules.ts';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

describe('layering (docs/behaviour.md §1)', () => {
  for (const layer of LAYERS) {
    it(`${layer.folder} imports only what its row allows`, () => {
      const files = sourceFiles(repoRoot, layer.folder);
      expect(files.length).toBeGreaterThan(0);
      const problems = files.flatMap((file) => violations(repoRoot, file, readSource(repoRoot, file)));
      expect(problems).toEqual([]);
    });
  }

  it('catches electron imported into the core, in every import form', () => {
    for (const line of [
      "import { app } from 'electron';",
      "import type { App } from \"electron\";",
      "const { app } = require('electron');",
      "const electron = await import('electron');",
      "export { app } from 'electron';",
    ]) {
      expect(violations(repoRoot, 'src-main/core/app-core.ts', line)).toHaveLength(1);
    }
  });

  it('catches Node and main-process code reached from the renderer or the contract', () => {
    expect(violations(repoRoot, 'src-renderer/views/App.tsx', "import { readFile } from 'node:fs';")).toHaveLength(1);
    expect(violations(repoRoot, 'src-renderer/views/App.tsx', "import path from 'path';")).toHaveLength(1);
    expect(violations(repoRoot, 'src-renderer/views/App.tsx', "import { x } from '../../src-main/core/app-core.ts';")).toHaveLength(1);
    expect(violations(repoRoot, 'src-shared/contract/jobs.ts', "import { x } from '../../src-main/core/ports.ts';")).toHaveLength(1);
    expect(violations(repoRoot, 'src-shared/contract/jobs.ts', "import { z } from 'zod';")).toEqual([]);
  });

  it('reads multi-line imports', () => {
    expect(importSpecifiers("import {\n  a,\n  b,\n} from './x.ts';\nimport './y.css';")).toEqual(['./x.ts', './y.css']);
  });
});

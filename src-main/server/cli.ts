import { HELP } from './cli-help.ts';
import { EXIT } from './cli-output.ts';
import { VERSION } from './version.ts';

/**
 * The `longbox` entry (bin/longbox.js imports its bundle). Help and the version are answered
 * from here; every command loads the rest of the CLI — the contract, the core, the database —
 * only when it runs (docs/packaging.md, "Start-up").
 */
export async function main(argv: string[]): Promise<number> {
  const word = argv[0];
  if (!word || word === '--help' || word === '-h' || word === 'help') {
    process.stdout.write(HELP);
    return word ? EXIT.ok : EXIT.usage;
  }
  if (word === '--version' || word === '-v') {
    // bin/longbox.js answers this before loading the CLI; this covers running the bundle directly.
    process.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  // A command that rescans its library folders has their walk started first, in a child
  // process, while the rest of the CLI loads.
  const earlyWalks = (await import('./early-walk.ts')).startEarlyWalks(argv);
  try {
    const { runCommand } = await import('./cli-commands.ts');
    return await runCommand(argv, earlyWalks);
  } finally {
    earlyWalks?.cancel();
  }
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));

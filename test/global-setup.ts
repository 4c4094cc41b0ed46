import { execFileSync } from 'node:child_process';

/**
 * Builds dist/ once before the suite: the tests that run ternsim as a user does (a sweep killed
 * with SIGKILL, queue workers in their own processes, worker-thread pools) spawn the compiled CLI.
 */
export default function setup(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}

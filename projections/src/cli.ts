/**
 * The read models' command line (eventing's runProjectionCli over allProjections):
 *   npm run projections -- migrate | rebuild <name...|all> | lag [name...] | run [name...] | dead-letters <name>
 *   npm run rebuild -- <name...|all>
 */
import { runProjectionCli } from '@guildhall/eventing';
import { allProjections } from './all-projections.js';

process.exitCode = await runProjectionCli(allProjections);

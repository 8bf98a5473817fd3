/** Entry point of the `matn` command (bin/matn.js runs the compiled copy of this file). */
import { main } from './main.js';

await main();

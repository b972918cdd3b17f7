// Part 5 of the documented examples (specs/parts.ts says why the tests are declared in parts).
import { declareContracts } from '../contracts';

declareContracts(5);

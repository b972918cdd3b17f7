// Part 5 of the bad requests (specs/parts.ts says why the tests are declared in parts).
import { declareNegative } from '../negative';

declareNegative(5);

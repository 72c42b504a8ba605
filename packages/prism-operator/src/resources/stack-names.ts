// Names of a PrismStack's children: <stack>-proxy, <stack>-admin, and <stack>-<name> for the
// patterns and backends it lists (admission guarantees they fit 63 characters).
import type { DefaultedPrismStack } from '../api/v1alpha1/defaults.ts';
import { nameOf } from './metadata.ts';

export const proxyName = (stack: DefaultedPrismStack): string => `${nameOf(stack)}-proxy`;
export const adminName = (stack: DefaultedPrismStack): string => `${nameOf(stack)}-admin`;
export const stackChildName = (stack: DefaultedPrismStack, entryName: string): string => `${nameOf(stack)}-${entryName}`;

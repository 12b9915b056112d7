// KIP-618 preflight checks of a source connector's config, with Kafka Connect's messages
// (DistributedHerder.validateSourceConnectorExactlyOnceSupport / …TransactionBoundary). Distributed
// mode only, as in Connect: a standalone worker has no exactly-once source support to check against.

import type { ConfigValue } from '../api/ConfigDef.js';
import type { SourceConnector } from '../api/Connector.js';
import { exactlyOnceSourceEnabled } from '../runtime/eos/exactlyOnce.js';

const EXACTLY_ONCE_SUPPORT = 'exactly.once.support';
const TRANSACTION_BOUNDARY = 'transaction.boundary';

function unexpected(err: unknown): string {
  const message = err instanceof Error ? err.message.trim() : String(err ?? '').trim();
  return message ? `An unexpected error occurred during validation: ${message}` : 'An unexpected error occurred during validation; please see the worker logs for more details.';
}

/** Adds Connect's errors to `values` (keyed by config name; the base validation already ran). */
export function validateSourceExactlyOnce(
  connector: SourceConnector,
  props: Record<string, string>,
  values: Map<string, ConfigValue>,
  workerProps: Readonly<Record<string, string>>,
): void {
  const support = values.get(EXACTLY_ONCE_SUPPORT);
  if (support && support.errorMessages.length === 0 && String(support.value ?? 'requested').toLowerCase() === 'required') {
    if (!exactlyOnceSourceEnabled(workerProps)) support.errorMessages.push('This worker does not have exactly-once source support enabled.');
    try {
      const declared = typeof connector.exactlyOnceSupport === 'function' ? connector.exactlyOnceSupport(props) : null;
      if (declared === null || declared === undefined) {
        support.errorMessages.push(
          'The connector does not implement the API required for preflight validation of exactly-once source support. Please consult ' +
            'the documentation for the connector to determine whether it supports exactly-once semantics, and then consider reconfiguring ' +
            'the connector to use the value "requested" for this property (which will disable this preflight check and allow the connector ' +
            'to be created).',
        );
      } else if (declared === 'UNSUPPORTED') {
        support.errorMessages.push('The connector does not support exactly-once semantics with the provided configuration.');
      } else if (declared !== 'SUPPORTED') {
        support.errorMessages.push(unexpected(`Unexpected value returned from SourceConnector::exactlyOnceSupport: ${String(declared)}`));
      }
    } catch (err) {
      support.errorMessages.push(unexpected(err));
    }
  }

  const boundary = values.get(TRANSACTION_BOUNDARY);
  if (boundary && boundary.errorMessages.length === 0 && String(boundary.value ?? 'poll').toLowerCase() === 'connector') {
    try {
      const can = typeof connector.canDefineTransactionBoundaries === 'function' ? connector.canDefineTransactionBoundaries(props) : 'UNSUPPORTED';
      if (can === null || can === undefined) {
        boundary.errorMessages.push(
          'This connector has returned a null value from its canDefineTransactionBoundaries method, which is not permitted. The connector ' +
            "will be treated as if it cannot define its own transaction boundaries, and cannot be configured with 'transaction.boundary' set to 'connector'.",
        );
      } else if (can !== 'SUPPORTED') {
        boundary.errorMessages.push(
          'The connector does not support connector-defined transaction boundaries with the given configuration. Please reconfigure it to ' +
            'use a different transaction boundary definition.',
        );
      }
    } catch (err) {
      boundary.errorMessages.push(unexpected(err));
    }
  }
}

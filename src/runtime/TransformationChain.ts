import { DataException } from '../data/errors.js';
import type { ConnectRecord } from '../data/ConnectRecord.js';
import type { Predicate, Transformation } from '../api/Transformation.js';

export interface TransformationStage<R extends ConnectRecord<R>> {
  alias: string;
  transform: Transformation<R>;
  predicate?: Predicate<R>;
  negate: boolean;
}

/** Thrown when one stage of the chain fails; names the alias so errors and the DLQ can report the stage. */
export class TransformationError extends DataException {
  constructor(readonly alias: string, readonly transformClass: string, cause: unknown) {
    super(`Transformation ${alias} (${transformClass}) failed: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

/**
 * Runs the configured SMTs in order. A stage whose predicate does not match (after `negate`) passes
 * the record through; a stage returning null drops the record and ends the chain.
 */
export class TransformationChain<R extends ConnectRecord<R>> {
  constructor(readonly stages: readonly TransformationStage<R>[]) {}

  get isEmpty(): boolean {
    return this.stages.length === 0;
  }

  apply(record: R): R | null {
    let current: R | null = record;
    for (let i = 0; i < this.stages.length && current !== null; i++) {
      current = this.applyStage(this.stages[i]!, current);
    }
    return current;
  }

  applyStage(stage: TransformationStage<R>, record: R): R | null {
    try {
      if (stage.predicate && stage.predicate.test(record) === stage.negate) return record;
      return stage.transform.apply(record);
    } catch (err) {
      if (err instanceof TransformationError) throw err;
      throw new TransformationError(stage.alias, stage.transform.constructor.name, err);
    }
  }

  close(): void {
    for (const s of this.stages) {
      s.transform.close();
      s.predicate?.close();
    }
  }
}

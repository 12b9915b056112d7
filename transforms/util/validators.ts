// The validators of Kafka's transforms.util package, with their messages.

import { displayValue, Validators, type Validator, ConfigException } from 'kconnect';

/** NonEmptyListValidator: `Invalid value [] for configuration fields: Empty list`. */
export function nonEmptyList(): Validator {
  return Validators.lambda((name, value) => {
    if (value == null || (value as unknown[]).length === 0) throw new ConfigException(name, displayValue(value), 'Empty list');
  }, 'non-empty list');
}

/** RegexValidator: `Invalid value ( for configuration regex: Invalid regex: <why>`. */
export function validRegex(): Validator {
  return Validators.regex();
}

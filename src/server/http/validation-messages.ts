import { z } from 'zod';

/**
 * Plain messages for the validation errors people meet most, so a form can show them as they are
 * ("must be at least 10 characters" rather than "Too small: expected string to have >=10 characters").
 * Messages written on a schema itself still win.
 */
export function installValidationMessages(): void {
  z.config({
    customError: (issue) => {
      switch (issue.code) {
        case 'invalid_type':
          if (issue.input === undefined) return 'is required';
          return `must be ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}`;
        case 'too_small':
          if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'is required' : `must be at least ${issue.minimum} characters`;
          if (issue.origin === 'array') return `needs at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'}`;
          if (issue.origin === 'number' || issue.origin === 'int') return `must be ${issue.inclusive ? 'at least' : 'more than'} ${issue.minimum}`;
          return undefined;
        case 'too_big':
          if (issue.origin === 'string') return `must be at most ${issue.maximum} characters`;
          if (issue.origin === 'array') return `takes at most ${issue.maximum} items`;
          if (issue.origin === 'number' || issue.origin === 'int') return `must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}`;
          return undefined;
        case 'invalid_format':
          if (issue.format === 'email') return 'must be an e-mail address';
          if (issue.format === 'uuid' || issue.format === 'guid') return 'must be an id (UUID)';
          if (issue.format === 'datetime' || issue.format === 'date') return 'must be a date such as 2026-11-23';
          return `must be a valid ${issue.format}`;
        case 'invalid_value':
          return `must be one of: ${issue.values.map(String).join(', ')}`;
        case 'unrecognized_keys':
          return `unknown field(s): ${issue.keys.join(', ')}; remove them`;
        default:
          return undefined;
      }
    },
  });
}

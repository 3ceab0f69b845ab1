import { CsvError, parse } from 'csv-parse/sync';
import type { ImportIssue } from './columns.js';

export interface CsvRecord {
  /** Physical line the record starts on; a quoted value may continue on the following lines. */
  line: number;
  fields: string[];
}

export interface CsvReadResult {
  records: CsvRecord[];
  /** Set when the text stops being readable CSV; records before that line are still returned. */
  error?: ImportIssue;
}

const PARSE_HINTS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted value starts on this line but its closing quote (") is missing',
  CSV_INVALID_CLOSING_QUOTE: 'a closing quote (") is followed by other characters; quote the whole value and double any quote inside it ("")',
};

/**
 * Splits CSV text into records that know their physical line. Line endings are normalised
 * first because csv-parse counts lines inconsistently for CRLF inside quoted values.
 */
export function readCsv(text: string): CsvReadResult {
  const records: CsvRecord[] = [];
  let lastLine = 0;
  try {
    parse(text.replace(/\r\n?/g, '\n'), {
      bom: true,
      record_delimiter: '\n',
      relax_column_count: true,
      relax_quotes: true,
      on_record: (fields: string[], context) => {
        records.push({ line: lastLine + 1, fields });
        lastLine = context.lines;
        return null;
      },
    });
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const reason = PARSE_HINTS[err.code] ?? err.message;
    return { records, error: { line: lastLine + 1, column: '', message: `the CSV cannot be read from here: ${reason}. Lines after this one were not checked` } };
  }
  return { records };
}

// RFC 4180 CSV text → records of raw string fields, each with the line it starts on. Quoted fields
// may hold the delimiter, newlines and doubled quotes; CRLF and LF end a record; blank lines, a BOM
// and spaces after a closing quote are dropped. Malformed quoting is a DataError with its line.

import { DataError } from './dataset.js';

export interface CsvRecord {
  /** 1-based line of the file where the record starts. */
  line: number;
  fields: string[];
}

export function parseCsv(text: string, delimiter = ',', file?: string): CsvRecord[] {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new DataError(
      `expected a delimiter of one character other than a quote or newline, found ${JSON.stringify(delimiter)}`,
      {
        file,
      },
    );
  }
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let fieldStarted = false; // distinguishes an empty last field from a blank line
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const endRecord = () => {
    if (fieldStarted || fields.length > 0) {
      fields.push(field);
      records.push({ line: recordLine, fields });
    }
    fields = [];
    field = '';
    fieldStarted = false;
  };

  while (i < text.length) {
    const char = text[i];
    if (char === '"' && field === '') {
      const quoteLine = line;
      i++;
      for (;;) {
        if (i >= text.length) {
          throw new DataError(
            'expected a closing quote for the field opened on this line, found the end of the file',
            {
              file,
              row: quoteLine,
            },
          );
        }
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (text[i] === '\n') line++;
        field += text[i++];
      }
      fieldStarted = true;
      while ((text[i] === ' ' || text[i] === '\t') && text[i] !== delimiter) i++; // spaces after a closing quote
      const next = text[i];
      if (i < text.length && next !== delimiter && next !== '\n' && next !== '\r') {
        throw new DataError(
          `expected ${JSON.stringify(delimiter)} or the end of the line after a closing quote, found ${JSON.stringify(next)}`,
          {
            file,
            row: line,
          },
        );
      }
      continue;
    }
    if (char === delimiter) {
      fields.push(field);
      field = '';
      fieldStarted = true;
      i++;
    } else if (char === '\n' || char === '\r') {
      endRecord();
      i += char === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
    } else {
      let end = i + 1;
      while (
        end < text.length &&
        text[end] !== delimiter &&
        text[end] !== '\n' &&
        text[end] !== '\r'
      )
        end++;
      field += text.slice(i, end); // a quote inside an unquoted field is kept as it is
      fieldStarted = true;
      i = end;
    }
  }
  endRecord();
  return records;
}

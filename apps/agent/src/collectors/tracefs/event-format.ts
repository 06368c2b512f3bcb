/**
 * Parsers for the self-describing tracefs format files. Field offsets differ between kernel
 * versions, so the decoder reads them at run time instead of hard-coding a layout.
 */

/** One `field:` line of a format file. */
export interface FormatField {
  readonly name: string;
  readonly offset: number;
  readonly size: number;
  readonly signed: boolean;
}

/** `events/<system>/<name>/format`: the event's id (its `common_type`) and field layout. */
export interface EventFormat {
  readonly name: string;
  readonly id: number;
  readonly fields: ReadonlyMap<string, FormatField>;
}

/** Layout of a ring-buffer page from `events/header_page`. */
export interface PageLayout {
  readonly timestampOffset: number;
  readonly commitOffset: number;
  /** 8 on 64-bit kernels (local_t), 4 on 32-bit ones. */
  readonly commitSize: number;
  readonly dataOffset: number;
  /** Whole page (sub-buffer) size in bytes: what one read of trace_pipe_raw returns at most. */
  readonly pageSize: number;
}

const FIELD_LINE = /field:\s*(.+?);\s*offset:\s*(\d+);\s*size:\s*(\d+);\s*signed:\s*(-?\d+);/;

/** Parses every `field:` line; the field name is the last identifier before an optional `[n]`. */
export function parseFields(text: string): Map<string, FormatField> {
  const fields = new Map<string, FormatField>();
  for (const line of text.split('\n')) {
    const m = FIELD_LINE.exec(line);
    if (!m) continue;
    const [, declaration = '', offset = '0', size = '0', signed = '0'] = m;
    const name = /([A-Za-z_][A-Za-z0-9_]*)\s*(?:\[[^\]]*\])?\s*$/.exec(declaration)?.[1];
    if (name === undefined) continue;
    fields.set(name, { name, offset: Number(offset), size: Number(size), signed: signed !== '0' });
  }
  return fields;
}

/** Parses an event format file; throws when `name:` or `ID:` is missing. */
export function parseEventFormat(text: string): EventFormat {
  const name = /^name:\s*(\S+)/m.exec(text)?.[1];
  const id = /^ID:\s*(\d+)/m.exec(text)?.[1];
  if (name === undefined || id === undefined) throw new Error('not an event format file: no name or ID');
  return { name, id: Number(id), fields: parseFields(text) };
}

/** Parses `events/header_page`; throws when one of timestamp, commit or data is missing. */
export function parsePageLayout(text: string): PageLayout {
  const fields = parseFields(text);
  const timestamp = fields.get('timestamp');
  const commit = fields.get('commit');
  const data = fields.get('data');
  if (!timestamp || !commit || !data) throw new Error('header_page lacks timestamp, commit or data');
  return {
    timestampOffset: timestamp.offset,
    commitOffset: commit.offset,
    commitSize: commit.size,
    dataOffset: data.offset,
    pageSize: data.offset + data.size,
  };
}

/** Returns the named field or throws: a decoder must not silently read the wrong bytes. */
export function requireField(format: EventFormat, name: string, size?: number): FormatField {
  const field = format.fields.get(name);
  if (!field) throw new Error(`event ${format.name} has no field ${name}`);
  if (size !== undefined && field.size !== size) {
    throw new Error(`event ${format.name} field ${name} has size ${field.size}, expected ${size}`);
  }
  return field;
}

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { runInThisContext } from 'node:vm';
import type { CatalogueTable } from '../table-catalogue.js';

// Microsoft's own KQL parser and analyzer (@kusto/language-service-next, a Bridge.NET build of
// Kusto.Language), used by tests as the reference our grammar and output schemas must agree with.
// The bundle only runs as browser-style globals, so it is evaluated into this context once.

/** What Microsoft's analyzer says about one query. */
export interface KustoVerdict {
  /** Error diagnostics (warnings are left out), as `code message @offset`. */
  readonly errors: readonly string[];
  /** `name:type` of the result table's columns; empty when the result is not a table. */
  readonly columns: readonly string[];
}

interface BridgeList<T> {
  readonly Count: number;
  getItem(index: number): T;
}
interface BridgeDiagnostic {
  readonly Severity: string;
  readonly Code: string;
  readonly Message: string;
  readonly Start: number;
}
interface BridgeColumn {
  readonly Name: string;
  readonly Type: { readonly Name: string };
}
interface BridgeCode {
  GetDiagnostics(): BridgeList<BridgeDiagnostic>;
  readonly ResultType: { readonly Columns?: BridgeList<BridgeColumn> } | null;
}
interface KustoLanguage {
  readonly Symbols: {
    readonly TableSymbol: { readonly $ctor7: new (name: string, schema: string, description: string | null) => unknown };
    readonly DatabaseSymbol: { readonly ctor: new (name: string, members: unknown[]) => unknown };
  };
  readonly GlobalState: { readonly Default: { WithDatabase(db: unknown): unknown } };
  readonly KustoCode: { ParseAndAnalyze(text: string, globals: unknown, token: null): BridgeCode };
}

let language: KustoLanguage | undefined;

function load(): KustoLanguage {
  if (language) return language;
  const dir = dirname(createRequire(import.meta.url).resolve('@kusto/language-service-next/package.json'));
  const scope = globalThis as Record<string, unknown>;
  scope.window ??= globalThis;
  runInThisContext(readFileSync(join(dir, 'bridge.min.js'), 'utf8'));
  runInThisContext(readFileSync(join(dir, 'Kusto.Language.Bridge.min.js'), 'utf8'));
  language = (scope.Kusto as { Language: KustoLanguage }).Language;
  return language;
}

/** Quotes a column name for a Kusto schema string when it is not a plain identifier. */
const schemaName = (name: string): string => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `['${name}']`);

/** Microsoft's analyzer over a database holding exactly the given tables. */
export class KustoReference {
  private readonly language: KustoLanguage;
  private readonly globals: unknown;

  constructor(tables: Iterable<CatalogueTable>) {
    this.language = load();
    const symbols = [...tables].map((t) => {
      const schema = `(${t.columns.map((c) => `${schemaName(c.name)}:${c.type}`).join(', ')})`;
      return new this.language.Symbols.TableSymbol.$ctor7(t.name, schema, null);
    });
    this.globals = this.language.GlobalState.Default.WithDatabase(new this.language.Symbols.DatabaseSymbol.ctor('servicemap', symbols));
  }

  /** Parses and analyzes one query. */
  analyze(text: string): KustoVerdict {
    const code = this.language.KustoCode.ParseAndAnalyze(text, this.globals, null);
    const diagnostics = code.GetDiagnostics();
    const errors: string[] = [];
    for (let i = 0; i < diagnostics.Count; i++) {
      const d = diagnostics.getItem(i);
      if (d.Severity === 'Error') errors.push(`${d.Code} ${d.Message} @${d.Start}`);
    }
    const columns: string[] = [];
    const list = code.ResultType?.Columns;
    for (let i = 0; list && i < list.Count; i++) {
      const c = list.getItem(i);
      columns.push(`${c.Name}:${c.Type.Name}`);
    }
    return { errors, columns };
  }
}

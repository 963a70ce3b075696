import { Global, Injectable, Module } from '@nestjs/common';
import type { ExportOnlyKind, ImportPort } from './import-port';

/**
 * The import ports of the modules, by kind. A module registers its port when Nest initialises it
 * (`onModuleInit`, as handlers register with the JobRunner); exchange looks a port up by kind and
 * never imports the module. A global provider rather than ports listed in the declarations: a
 * port is a Nest provider with injected services (cipher, configuration, the module's procedures),
 * while declarations are plain data merged before any provider exists.
 */
@Injectable()
export class ImportPorts {
  private readonly ports = new Map<string, ImportPort>();
  private readonly exportOnly = new Map<string, ExportOnlyKind>();

  register(port: ImportPort): void {
    if (this.ports.has(port.kind) || this.exportOnly.has(port.kind)) throw new Error(`import port ${port.kind} registered twice`);
    if (!port.units.length) throw new Error(`import port ${port.kind} counts no unit`);
    if (!port.modes.length) throw new Error(`import port ${port.kind} supports no mode`);
    this.ports.set(port.kind, port);
  }

  /** The port of a kind; throws when no module registered it (a programming error, not a request's). */
  get(kind: string): ImportPort {
    const port = this.ports.get(kind);
    if (!port) throw new Error(`no import port for ${kind} (registered: ${[...this.ports.keys()].join(', ') || 'none'})`);
    return port;
  }

  has(kind: string): boolean {
    return this.ports.has(kind);
  }

  kinds(): string[] {
    return [...this.ports.keys()];
  }

  /** An export with no import (a ledger for people), served as a port's export is; its kind is not an import kind. */
  registerExport(kind: ExportOnlyKind): void {
    if (this.ports.has(kind.kind) || this.exportOnly.has(kind.kind)) throw new Error(`export kind ${kind.kind} registered twice`);
    this.exportOnly.set(kind.kind, kind);
  }

  /** The export of a kind (a port's, or an export-only kind), with its columns; undefined when it has none. */
  exportOf(kind: string): ExportOnlyKind | undefined {
    const port = this.ports.get(kind);
    if (port?.export) return { kind, table: port.table, export: port.export };
    return this.exportOnly.get(kind);
  }

  /** Every kind with an export. */
  exportKinds(): string[] {
    return [...[...this.ports.values()].filter((p) => p.export).map((p) => p.kind), ...this.exportOnly.keys()];
  }
}

/** Provides the one ImportPorts of the app (global: modules register, exchange looks up). */
@Global()
@Module({ providers: [ImportPorts], exports: [ImportPorts] })
export class ImportPortsModule {}

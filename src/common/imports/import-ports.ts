import { Global, Injectable, Module } from '@nestjs/common';
import type { ImportPort } from './import-port';

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

  register(port: ImportPort): void {
    if (this.ports.has(port.kind)) throw new Error(`import port ${port.kind} registered twice`);
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
}

/** Provides the one ImportPorts of the app (global: modules register, exchange looks up). */
@Global()
@Module({ providers: [ImportPorts], exports: [ImportPorts] })
export class ImportPortsModule {}

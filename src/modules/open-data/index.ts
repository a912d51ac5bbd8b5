import type { FastifyInstance } from 'fastify';
import type { ModuleDeps, ModuleManifest } from '../manifest.js';
import { openDataMessages } from './open-data.messages.js';
import { registerOpenDataPages } from './open-data.pages.js';

export { buildCatalogue, JSON_LD_CONTEXT, LICENCES, type CatalogueSite } from './catalogue.js';

/**
 * Open data: the catalogue of every module's datasets (their `openData` in the manifest), as a
 * page for people and as DCAT-AP JSON-LD for data portals. It owns no data and imports no module:
 * the datasets come through the front door.
 */
export class OpenDataModule implements ModuleManifest {
  readonly name = 'open-data';
  readonly tables = [] as const;
  readonly personalData = [];
  readonly messages = openDataMessages;

  constructor(private readonly deps: ModuleDeps) {}

  async registerRoutes(app: FastifyInstance): Promise<void> {
    await registerOpenDataPages(app, { web: this.deps.web, publicUrl: this.deps.config.publicUrl });
  }
}

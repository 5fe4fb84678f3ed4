import { addProjectConfiguration, logger, readProjectConfiguration, type Tree, visitNotIgnoredFiles } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { validateServiceName, validateTopicName } from '@platform/naming';
import { parse } from 'yaml';
import { addLibrary, expectRefusal, messageOf, REPO_COMPOSE } from '../testing/tree-helpers';
import { serviceGenerator } from './service';

const root = 'apps/billing-service';
const read = (tree: Tree, path: string): string => tree.read(path, 'utf-8') ?? '';

describe('service generator', () => {
  let tree: Tree;

  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    tree.write('docker-compose.yml', REPO_COMPOSE);
  });

  describe('name', () => {
    it('creates apps/<name>-service as an application project with build, serve and typecheck', async () => {
      await serviceGenerator(tree, { name: 'billing', skipFormat: true });
      const project = readProjectConfiguration(tree, 'billing-service');
      expect(project).toMatchObject({ root, sourceRoot: `${root}/src`, projectType: 'application' });
      expect(project.tags).toEqual(['scope:apps', 'type:service', 'domain:billing']);
      expect(project.targets?.build).toMatchObject({
        executor: '@nx/webpack:webpack',
        options: { outputPath: `dist/${root}`, webpackConfig: `${root}/webpack.config.js` },
      });
      expect(project.targets?.serve?.options.buildTarget).toBe('billing-service:build:development');
      expect(project.targets?.typecheck).toEqual({});
    });

    it('writes a wired app, its configuration, catalog, Dockerfile, README and tests', async () => {
      await serviceGenerator(tree, { name: 'billing', skipFormat: true });
      for (const file of [
        'Dockerfile',
        'README.md',
        'jest.config.js',
        'tsconfig.json',
        'tsconfig.app.json',
        'webpack.config.js',
        'src/main.ts',
        'src/config.ts',
        'src/config.spec.ts',
        'src/topic-catalog.ts',
        'src/topic-catalog.spec.ts',
        'src/app/app.module.ts',
        'src/app/create-app.ts',
        'src/app/service-catalog.ts',
        'src/app/app.int.spec.ts',
      ]) {
        expect(tree.exists(`${root}/${file}`)).toBe(true);
      }
      expect(read(tree, `${root}/src/config.ts`)).toContain("export const SERVICE_NAME = 'billing';");
      expect(read(tree, `${root}/src/main.ts`)).toContain('else if (error instanceof MissingTopicsError) console.error(missingTopicsMessage(error));');
      expect(read(tree, `${root}/src/main.ts`)).toContain("else console.error(portInUseMessage(error, 'billing-service') ?? error);");
      expect(read(tree, `${root}/src/app/app.module.ts`)).toContain('KafkaModule.forRoot({');
      // Its port bound before its consumer joins the group: a taken port exits before joining.
      expect(read(tree, `${root}/src/main.ts`)).toMatch(/await app\.listen\(config\.port\);\s+await app\.startAllMicroservices\(\);/);
      expect(read(tree, `${root}/src/app/create-app.ts`)).toContain('return createKafkaApp(AppModule.register(config), options);');
      expect(read(tree, `${root}/src/topic-catalog.ts`)).toContain("service: 'billing'");
      expect(read(tree, `${root}/webpack.config.js`)).toContain("compiler: 'tsc'");
      expect(read(tree, `${root}/Dockerfile`)).toContain('npx nx run billing-service:build:production');
      expect(read(tree, `${root}/jest.config.js`)).toContain("require('../../libs/testing/src/jest-integration.js')");
    });

    it('adds the service to docker-compose.yml once, keeping every other service', async () => {
      await serviceGenerator(tree, { name: 'billing', skipFormat: true });
      const compose = parse(read(tree, 'docker-compose.yml'));
      const before = parse(REPO_COMPOSE);
      expect(Object.keys(compose.services)).toEqual([...Object.keys(before.services), 'billing-service']);
      for (const [name, service] of Object.entries(before.services)) expect(compose.services[name]).toEqual(service);
      expect(compose.volumes).toEqual(before.volumes);
      expect(compose.services['billing-service']).toMatchObject({
        build: { context: '.', dockerfile: `${root}/Dockerfile` },
        ports: ['127.0.0.1:3001:3001'],
        environment: { PORT: '3001', KAFKA_BROKERS: 'kafka-1:19092,kafka-2:19092,kafka-3:19092' },
      });
      expect(read(tree, 'docker-compose.yml').startsWith(REPO_COMPOSE.split('\nvolumes:')[0])).toBe(true);
    });

    it('keeps a compose entry that exists already instead of duplicating it', async () => {
      tree.write('docker-compose.yml', `${REPO_COMPOSE.replace('\nvolumes:', "\n  billing-service:\n    image: 'billing:custom'\n\nvolumes:")}`);
      const before = read(tree, 'docker-compose.yml');
      await serviceGenerator(tree, { name: 'billing', skipFormat: true });
      expect(read(tree, 'docker-compose.yml')).toBe(before);
    });

    it('formats what it writes with the repo prettier config', async () => {
      await serviceGenerator(tree, { name: 'billing', produces: 'invoice.created' });
      expect(read(tree, `${root}/src/app/app.int.spec.ts`)).toContain(
        "const publishedEvents: { topic: string; example: unknown }[] = [\n  { topic: 'billing.invoice.created', example: invoiceCreatedExample },\n];",
      );
    });

    it.each(['Billing', 'billing_api', '1billing', 'billing-service', ''])(
      'refuses the invalid name %j with the naming rule and a valid example, writing nothing',
      async (name) => {
        const error = await expectRefusal(tree, () => serviceGenerator(tree, { name }));
        expect(error.message).toBe(messageOf(() => validateServiceName(name)));
        expect(error.message).toContain('Example: order-history');
      },
    );

    it('refuses a name whose project exists, writing nothing', async () => {
      await serviceGenerator(tree, { name: 'billing', skipFormat: true });
      const error = await expectRefusal(tree, () => serviceGenerator(tree, { name: 'billing' }));
      expect(error.message).toBe(
        'Cannot create service "billing": project billing-service already exists (apps/billing-service). Pick a name no project uses; nothing was written. Example: nx g service billing-v2',
      );
    });

    it('refuses a name whose directory exists without a project, writing nothing', async () => {
      tree.write(`${root}/notes.md`, 'left over');
      const error = await expectRefusal(tree, () => serviceGenerator(tree, { name: 'billing' }));
      expect(error.message).toContain('apps/billing-service already exists');
    });
  });

  describe('README', () => {
    /** The README's links into the app itself (those out of it point at the repo's libs and docs). */
    const brokenLinks = (tree: Tree): string[] =>
      [...read(tree, `${root}/README.md`).matchAll(/\]\(([^)#]+)\)/g)]
        .map(([, target]) => target)
        .filter((target) => !target.startsWith('../') && !/^[a-z]+:/.test(target))
        .filter((target) => !tree.exists(`${root}/${target}`));

    it.each([
      ['no topics', {}],
      ['--produces', { produces: 'invoice.created' }],
      ['--consumes', { consumes: 'orders.order.created' }],
      ['--saga', { saga: true }],
      ['every option', { produces: 'invoice.created', consumes: 'orders.order.created', saga: true }],
    ])('links only to files and folders the app has (%s)', async (_, options) => {
      addLibrary(tree, 'saga');
      addLibrary(tree, 'outbox');
      await serviceGenerator(tree, { name: 'orders', produces: 'order.created', skipFormat: true });
      await serviceGenerator(tree, { name: 'billing', ...options, skipFormat: true });
      expect(brokenLinks(tree)).toEqual([]);
    });

    it('describes handlers only when the service has some', async () => {
      addLibrary(tree, 'saga');
      addLibrary(tree, 'outbox');
      await serviceGenerator(tree, { name: 'billing', skipFormat: true });
      expect(read(tree, `${root}/README.md`)).not.toContain('**Handles**');
      await serviceGenerator(tree, { name: 'payroll', saga: true, skipFormat: true });
      expect(read(tree, 'apps/payroll-service/README.md')).toContain("- **Handles** its saga's replies on `payroll.payroll.replies` (SagaModule). An offset");
    });
  });

  describe('--domain', () => {
    it('defaults to the service name', async () => {
      await serviceGenerator(tree, { name: 'billing', produces: 'invoice.created', skipFormat: true });
      expect(read(tree, `${root}/src/topic-catalog.ts`)).toContain("name: 'billing.invoice.created'");
    });

    it('puts owned topics in the given domain and tags the project with it', async () => {
      await serviceGenerator(tree, { name: 'billing', domain: 'finance', produces: 'invoice.created', skipFormat: true });
      expect(read(tree, `${root}/src/topic-catalog.ts`)).toContain("name: 'finance.invoice.created'");
      expect(readProjectConfiguration(tree, 'billing-service').tags).toContain('domain:finance');
      expect(read(tree, `${root}/src/topic-catalog.spec.ts`)).toContain("!== 'finance'");
    });

    it('refuses an invalid domain with the naming rule and an example, writing nothing', async () => {
      const error = await expectRefusal(tree, () => serviceGenerator(tree, { name: 'billing', domain: 'Finance' }));
      expect(error.message).toBe('Invalid domain "Finance": must be lowercase (rule: lowercase). Example: orders');
    });
  });

  describe('--produces', () => {
    it('declares each topic with a zod contract, a keyed publisher method and tests', async () => {
      await serviceGenerator(tree, { name: 'billing', produces: 'invoice.created, billing.payment.received', skipFormat: true });
      const catalog = read(tree, `${root}/src/topic-catalog.ts`);
      expect(catalog).toContain("name: 'billing.invoice.created'");
      expect(catalog).toContain("name: 'billing.payment.received'");
      expect(catalog).toContain('topics: [invoiceCreatedTopic, paymentReceivedTopic]');
      expect(read(tree, `${root}/src/events/invoice-created.event.ts`)).toContain('invoiceId: z.string().min(1)');
      expect(tree.exists(`${root}/src/events/invoice-created.event.spec.ts`)).toBe(true);
      const publisher = read(tree, `${root}/src/app/events.publisher.ts`);
      expect(publisher).toContain('return this.producer.send(invoiceCreatedTopic, { key: event.invoiceId, data: event });');
      expect(publisher).toContain('paymentReceived(event: PaymentReceived)');
      expect(read(tree, `${root}/src/app/app.module.ts`)).toContain('providers: [EventsPublisher]');
      expect(read(tree, `${root}/src/app/app.int.spec.ts`)).toContain(
        "{ topic: 'billing.invoice.created', example: invoiceCreatedExample }, { topic: 'billing.payment.received', example: paymentReceivedExample }",
      );
    });

    it('declares a topic given twice, as <entity>.<event> and in full, once', async () => {
      await serviceGenerator(tree, { name: 'billing', produces: 'invoice.created,billing.invoice.created', skipFormat: true });
      const catalog = read(tree, `${root}/src/topic-catalog.ts`);
      expect(catalog.split('export const invoiceCreatedTopic').length - 1).toBe(1);
      expect(catalog).toContain('topics: [invoiceCreatedTopic]');
      expect(read(tree, `${root}/src/app/events.publisher.ts`).split('invoiceCreated(event: InvoiceCreated)').length - 1).toBe(1);
    });

    it('writes no publisher when the service owns no topic', async () => {
      await serviceGenerator(tree, { name: 'billing', skipFormat: true });
      expect(tree.exists(`${root}/src/app/events.publisher.ts`)).toBe(false);
      expect(read(tree, `${root}/src/topic-catalog.ts`)).toContain('topics: []');
    });

    it('refuses an invalid topic name with the naming rule, writing nothing', async () => {
      const error = await expectRefusal(tree, () => serviceGenerator(tree, { name: 'billing', produces: 'invoice.create' }));
      expect(error.message).toBe(messageOf(() => validateTopicName('billing.invoice.create')));
      expect(error.message).toContain('(rule: past-tense)');
    });

    it('refuses "<domain>.<event>" (no entity) instead of doubling the domain, writing nothing', async () => {
      const error = await expectRefusal(tree, () => serviceGenerator(tree, { name: 'billing', produces: 'invoice.created,billing.paid' }));
      expect(error.message).toContain('Topic "billing.paid" starts with the domain "billing" but has no entity: did you mean billing.<entity>.paid?');
    });

    it("refuses another domain's topic, writing nothing", async () => {
      const error = await expectRefusal(tree, () => serviceGenerator(tree, { name: 'billing', produces: 'orders.order.created' }));
      expect(error.message).toBe(
        'Topic "orders.order.created" is in domain "orders", but billing-service owns domain "billing": a service declares only its own domain\'s topics (to handle "orders.order.created", consume it instead). Example: billing.order.created',
      );
    });

    it('refuses two topics whose contracts would share a class in two files, writing nothing', async () => {
      const error = await expectRefusal(tree, () => serviceGenerator(tree, { name: 'orders', produces: 'order-1.created,order1.created' }));
      expect(error.message).toContain(
        'Topics "orders.order-1.created" and "orders.order1.created" would both be generated as Order1Created ' +
          '(apps/orders-service/src/events/order-1-created.event.ts and apps/orders-service/src/events/order1-created.event.ts)',
      );
    });

    it('refuses two topics whose contracts would share a file and a class, writing nothing', async () => {
      const error = await expectRefusal(tree, () => serviceGenerator(tree, { name: 'orders', produces: 'order.item-added,order-item.added' }));
      expect(error.message).toContain(
        'Topics "orders.order.item-added" and "orders.order-item.added" would both be generated as apps/orders-service/src/events/order-item-added.event.ts (OrderItemAdded)',
      );
    });

    it('refuses a topic another catalog declares already, writing nothing', async () => {
      await serviceGenerator(tree, { name: 'invoices', domain: 'billing', produces: 'invoice.created', skipFormat: true });
      const error = await expectRefusal(tree, () => serviceGenerator(tree, { name: 'billing', produces: 'invoice.created' }));
      expect(error.message).toContain('Topic "billing.invoice.created" is already declared in apps/invoices-service/src/topic-catalog.ts');
    });
  });

  describe('--consumes', () => {
    beforeEach(async () => {
      await serviceGenerator(tree, { name: 'orders', produces: 'order.created', skipFormat: true });
    });

    it("adds a registered @EventPattern handler typed by the owner's contract", async () => {
      await serviceGenerator(tree, { name: 'billing', consumes: 'orders.order.created', skipFormat: true });
      const handler = read(tree, `${root}/src/handlers/orders-order-created.handler.ts`);
      expect(handler).toContain("@EventPattern('orders.order.created')");
      expect(handler).toContain("import { type OrderCreated } from '../../../orders-service/src/events/order-created.event';");
      expect(tree.exists(`${root}/src/handlers/orders-order-created.handler.spec.ts`)).toBe(true);
      expect(read(tree, `${root}/src/app/app.module.ts`)).toContain('controllers: [OrdersOrderCreatedHandler]');
    });

    it("merges the owner's catalog into the service catalog and tests the handler on the broker", async () => {
      await serviceGenerator(tree, { name: 'billing', consumes: 'orders.order.created', skipFormat: true });
      const catalog = read(tree, `${root}/src/app/service-catalog.ts`);
      expect(catalog).toContain("import { catalog as ordersCatalog } from '../../../orders-service/src/topic-catalog';");
      expect(catalog).toContain('mergeCatalogs(catalog.service, [catalog, ordersCatalog])');
      const spec = read(tree, `${root}/src/app/app.int.spec.ts`);
      expect(spec).toContain("import { orderCreatedExample as ordersOrderCreatedExample } from '../../../orders-service/src/events/order-created.event';");
      expect(spec).toContain("{ topic: 'orders.order.created', example: ordersOrderCreatedExample }");
    });

    it('handles a topic it produces itself, without merging another catalog', async () => {
      await serviceGenerator(tree, { name: 'billing', produces: 'invoice.created', consumes: 'billing.invoice.created', skipFormat: true });
      expect(read(tree, `${root}/src/handlers/invoice-created.handler.ts`)).toContain("from '../events/invoice-created.event'");
      expect(read(tree, `${root}/src/app/service-catalog.ts`)).toContain('[catalog]');
    });

    it('refuses a topic no catalog declares, naming the declared ones, writing nothing', async () => {
      const error = await expectRefusal(tree, () => serviceGenerator(tree, { name: 'billing', consumes: 'orders.order.shipped' }));
      expect(error.message).toBe(
        'No topic catalog declares "orders.order.shipped": a service handles only topics some service owns (apps/<app>/src/topic-catalog.ts). Declared topics: orders.order.created. Example: orders.order.created',
      );
    });

    it("lists this run's --produces apart from the declared topics when refusing an undeclared one", async () => {
      const error = await expectRefusal(tree, () =>
        serviceGenerator(tree, { name: 'shipping', produces: 'shipment.scheduled', consumes: 'orders.order.shipped' }),
      );
      expect(error.message).toContain(
        'Declared topics: orders.order.created. To be declared by this run (--produces): shipping.shipment.scheduled. Example: orders.order.created',
      );
    });

    it('refuses two topics whose handlers would share a file, instead of keeping only the last one, writing nothing', async () => {
      await serviceGenerator(tree, { name: 'carts', domain: 'orders', produces: 'order.item-added', skipFormat: true });
      await serviceGenerator(tree, { name: 'lines', domain: 'orders', produces: 'order-item.added', skipFormat: true });
      const error = await expectRefusal(tree, () =>
        serviceGenerator(tree, { name: 'billing', consumes: 'orders.order.item-added,orders.order-item.added' }),
      );
      expect(error.message).toContain(
        'Topics "orders.order.item-added" and "orders.order-item.added" would both be generated as apps/billing-service/src/handlers/orders-order-item-added.handler.ts (OrdersOrderItemAddedHandler)',
      );
    });

    it('refuses a saga command topic, naming @SagaCommandHandler, writing nothing', async () => {
      const error = await expectRefusal(tree, () => serviceGenerator(tree, { name: 'billing', consumes: 'payments.payment.commands' }));
      expect(error.message).toContain('"payments.payment.commands" is a saga command topic, not an event');
    });

    it('refuses an invalid topic name with the naming rule, writing nothing', async () => {
      const error = await expectRefusal(tree, () => serviceGenerator(tree, { name: 'billing', consumes: 'orders.Order.created' }));
      expect(error.message).toBe(messageOf(() => validateTopicName('orders.Order.created')));
    });
  });

  describe('workspace dependencies', () => {
    /** A library as Nx sees it: a project whose package.json names it @platform/<name>. */
    const addLibraryProject = (name: string) => {
      addLibrary(tree, name);
      addProjectConfiguration(tree, name, { root: `libs/${name}` });
    };

    it('declares the libraries and the services it imports as implicitDependencies (no package.json for Nx to read)', async () => {
      for (const name of ['kafka', 'kafka-nest', 'naming', 'outbox', 'outbox-nest', 'service-testing', 'testing']) addLibraryProject(name);
      await serviceGenerator(tree, { name: 'orders', produces: 'order.created', skipFormat: true });
      await serviceGenerator(tree, { name: 'billing', outbox: true, consumes: 'orders.order.created', skipFormat: true });

      const billing = readProjectConfiguration(tree, 'billing-service').implicitDependencies;
      expect(billing).toEqual(expect.arrayContaining(['kafka', 'kafka-nest', 'outbox-nest', 'orders-service']));
      expect(billing).toEqual([...(billing ?? [])].sort());
      expect(readProjectConfiguration(tree, 'orders-service').implicitDependencies).not.toContain('outbox-nest');
      // Every declared project is one the sources really import.
      const sources: string[] = [];
      visitNotIgnoredFiles(tree, `${root}/src`, (file) => sources.push(read(tree, file)));
      for (const name of billing ?? []) {
        const specifier = name.endsWith('-service') ? `/${name}/src/` : `'@platform/${name}'`;
        expect(sources.some((source) => source.includes(specifier))).toBe(true);
      }
    });
  });

  describe('--outbox', () => {
    it('wires the outbox, its relay and the inbox on the database from the environment', async () => {
      addLibrary(tree, 'outbox');
      await serviceGenerator(tree, { name: 'orders', produces: 'order.created', skipFormat: true });
      await serviceGenerator(tree, { name: 'billing', outbox: true, consumes: 'orders.order.created', skipFormat: true });
      const appModule = read(tree, `${root}/src/app/app.module.ts`);
      expect(appModule).toContain("import { OutboxModule } from '@platform/outbox-nest';");
      expect(appModule).toContain('OutboxModule.forRoot({ service: SERVICE_NAME, database: config.database, catalog: serviceCatalog }),');
      expect(read(tree, `${root}/src/config.ts`)).toContain('extras: { database: readDatabaseConfig },');
      expect(read(tree, `${root}/src/handlers/orders-order-created.handler.ts`)).toContain('await this.inbox.apply(context,');
      expect(read(tree, `${root}/src/app/app.int.spec.ts`)).toContain('database: true,');
      expect(parse(read(tree, 'docker-compose.yml')).services['billing-service']).toMatchObject({
        environment: { DATABASE_URL: 'postgres://postgres@postgres:5432/postgres' },
        depends_on: { postgres: { condition: 'service_healthy' } },
      });
    });

    it('names the database the service needs in its closing hint and in its README', async () => {
      addLibrary(tree, 'outbox');
      const info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
      try {
        (await serviceGenerator(tree, { name: 'billing', outbox: true, skipFormat: true }))();
        const hint = info.mock.calls.map(([message]) => String(message)).join('\n');
        expect(hint).toContain(
          'npm run topics -- apply && KAFKA_BROKERS=127.0.0.1:9092 DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx nx serve billing-service',
        );
        expect(hint).toContain('PGLITE_DATA_DIR=tmp/billing-service-db instead of DATABASE_URL');
      } finally {
        info.mockRestore();
      }
      const readme = read(tree, `${root}/README.md`);
      expect(readme).toContain('KAFKA_BROKERS=127.0.0.1:9092 DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx nx serve billing-service\n');
      expect(readme).toContain('PGLITE_DATA_DIR=tmp/billing-service-db instead of DATABASE_URL');
    });

    it('leaves the database out without it', async () => {
      await serviceGenerator(tree, { name: 'billing', skipFormat: true });
      expect(read(tree, `${root}/src/app/app.module.ts`)).not.toContain('OutboxModule');
      expect(read(tree, `${root}/src/config.ts`)).not.toContain('DATABASE_URL');
      expect(read(tree, `${root}/src/config.ts`)).not.toContain('@platform/outbox-nest');
      expect(read(tree, `${root}/README.md`)).toContain('\nKAFKA_BROKERS=127.0.0.1:9092 npx nx serve billing-service\n');
      expect(read(tree, `${root}/README.md`)).not.toContain('DATABASE_URL');
    });

    it('refuses while libs/outbox is missing, writing nothing', async () => {
      const error = await expectRefusal(tree, () => serviceGenerator(tree, { name: 'billing', outbox: true }));
      expect(error.message).toBe(
        '--outbox needs the outbox library (libs/outbox/package.json), which is not in this workspace yet. Generate without it now and add it once the library has landed; nothing was written. Example: nx g service billing',
      );
    });
  });

  describe('--saga', () => {
    it('refuses while libs/saga is missing, writing nothing', async () => {
      const error = await expectRefusal(tree, () => serviceGenerator(tree, { name: 'billing', saga: true }));
      expect(error.message).toContain('--saga needs the saga library (libs/saga/package.json), which is not in this workspace yet.');
    });

    it('adds a saga skeleton and its given/expect spec when libs/saga exists', async () => {
      addLibrary(tree, 'saga');
      addLibrary(tree, 'outbox');
      await serviceGenerator(tree, { name: 'billing', produces: 'invoice.created', saga: true, skipFormat: true });
      const saga = read(tree, `${root}/src/sagas/billing.saga.ts`);
      expect(saga).toContain("saga<BillingData>({\n    name: 'billing',\n    replyTopic: 'billing.invoice.replies',");
      expect(read(tree, `${root}/src/sagas/billing.saga.spec.ts`)).toContain('givenSaga(billingSaga())');
    });

    it('needs the outbox (commands leave through it) and refuses while libs/outbox is missing', async () => {
      addLibrary(tree, 'saga');
      const error = await expectRefusal(tree, () => serviceGenerator(tree, { name: 'billing', saga: true }));
      expect(error.message).toContain('--saga (which needs the outbox) needs the outbox library');
    });

    it("refuses a reply topic another service's catalog declares (a topic has one owner), writing nothing", async () => {
      addLibrary(tree, 'saga');
      addLibrary(tree, 'outbox');
      // As the reference orders-service declares it: the name in a constant of the catalog.
      tree.write(
        'apps/orders-service/src/topic-catalog.ts',
        [
          "export const ORDER_REPLIES_TOPIC = 'orders.order.replies';",
          'export const orderRepliesTopic = sagaReplyTopic({ name: ORDER_REPLIES_TOPIC, partitions: 6 });',
          "export const catalog = defineCatalog({ service: 'orders', topics: [orderRepliesTopic] });",
        ].join('\n'),
      );
      const error = await expectRefusal(tree, () =>
        serviceGenerator(tree, { name: 'order-history', domain: 'orders', produces: 'order.archived', saga: true }),
      );
      expect(error.message).toContain(
        'The saga reply topic "orders.order.replies" (--saga, on the entity of the first --produces topic) is already declared in apps/orders-service/src/topic-catalog.ts',
      );
      await serviceGenerator(tree, { name: 'billing', produces: 'invoice.created', saga: true, skipFormat: true });
      const second = await expectRefusal(tree, () =>
        serviceGenerator(tree, { name: 'invoices', domain: 'billing', produces: 'invoice.paid', saga: true }),
      );
      expect(second.message).toContain('"billing.invoice.replies"');
      expect(second.message).toContain('is already declared in apps/billing-service/src/topic-catalog.ts');
    });

    it('wires the saga: SagaModule, the saga tables, the reply topic in the catalog and in the bundle', async () => {
      addLibrary(tree, 'saga');
      addLibrary(tree, 'outbox');
      await serviceGenerator(tree, { name: 'billing', produces: 'invoice.created', saga: true, skipFormat: true });
      const appModule = read(tree, `${root}/src/app/app.module.ts`);
      expect(appModule).toContain('SagaModule.forRootAsync({');
      expect(appModule).toContain('sagas: [billingSaga()],');
      expect(appModule).toContain('migrations: [{ namespace: SAGA_MIGRATION_NAMESPACE, migrations: sagaTableMigrations() }],');
      expect(appModule).toContain("import { SagaModule, sagaTableMigrations } from '@platform/saga-nest';");
      expect(tree.exists(`${root}/src/sagas/saga-migrations.ts`)).toBe(false);
      expect(appModule).toContain("import { DATABASE, OUTBOX, OutboxModule } from '@platform/outbox-nest';");
      const catalog = read(tree, `${root}/src/topic-catalog.ts`);
      expect(catalog).toContain("sagaReplyTopic({ name: 'billing.invoice.replies'");
      expect(catalog).toMatch(/topics: \[sagaRepliesTopic, invoiceCreatedTopic\]/);
      expect(read(tree, `${root}/webpack.config.js`)).toContain("input: 'libs/saga/src/store/migrations', output: 'migrations/saga'");
      expect(read(tree, `${root}/src/app/app.int.spec.ts`)).toContain("'billing.invoice.replies'];");
    });
  });

  describe('--port', () => {
    it('uses the given port in the configuration, the Dockerfile and docker-compose.yml', async () => {
      await serviceGenerator(tree, { name: 'billing', port: 4100, skipFormat: true });
      expect(read(tree, `${root}/src/config.ts`)).toContain('export const DEFAULT_PORT = 4100;');
      expect(read(tree, `${root}/Dockerfile`)).toContain('EXPOSE 4100');
      expect(parse(read(tree, 'docker-compose.yml')).services['billing-service'].ports).toEqual(['127.0.0.1:4100:4100']);
    });

    it('accepts the port of its own compose entry, kept from an earlier run (the app folder was removed)', async () => {
      tree.write('docker-compose.yml', REPO_COMPOSE.replace('\nvolumes:', "\n  billing-service:\n    ports:\n      - '127.0.0.1:4100:4100'\n\nvolumes:"));
      await serviceGenerator(tree, { name: 'billing', port: 4100, skipFormat: true });
      expect(read(tree, `${root}/src/config.ts`)).toContain('export const DEFAULT_PORT = 4100;');
    });

    it('defaults to the first port from 3001 that no compose service publishes', async () => {
      await serviceGenerator(tree, { name: 'orders', skipFormat: true });
      await serviceGenerator(tree, { name: 'billing', skipFormat: true });
      expect(read(tree, `${root}/src/config.ts`)).toContain('export const DEFAULT_PORT = 3002;');
    });

    it('defaults past the ports services listen on by default, with no docker-compose.yml to list them', async () => {
      tree.delete('docker-compose.yml');
      await serviceGenerator(tree, { name: 'orders', skipFormat: true });
      await serviceGenerator(tree, { name: 'billing', skipFormat: true });
      expect(read(tree, `${root}/src/config.ts`)).toContain('export const DEFAULT_PORT = 3002;');
    });

    it('refuses the default port of another service, suggesting a free one, writing nothing', async () => {
      tree.delete('docker-compose.yml');
      await serviceGenerator(tree, { name: 'orders', skipFormat: true });
      const error = await expectRefusal(tree, () => serviceGenerator(tree, { name: 'billing', port: 3001 }));
      expect(error.message).toBe(
        'Port 3001 is already the default port of apps/orders-service (DEFAULT_PORT in its src/config.ts): both could not run at once. Example: --port=3002',
      );
    });

    it('refuses a port a compose service publishes, suggesting a free one, writing nothing', async () => {
      const error = await expectRefusal(tree, () => serviceGenerator(tree, { name: 'billing', port: 9092 }));
      expect(error.message).toBe('Port 9092 is already published by a service in docker-compose.yml. Example: --port=3001');
    });
  });
});

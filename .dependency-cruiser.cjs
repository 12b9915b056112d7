// The rooms of src/ (shared/DESIGN.md) as rules: `npm run lint` fails when an import crosses a wall.
// Parsed with swc because TypeScript 7's compiler has no JavaScript API for linters to use.

/** One wall: modules matching `from` (but not `fromNot`) may not import modules matching `to` (but not `toNot`). */
function wall(name, comment, from, to, fromNot, toNot) {
  return {
    name,
    comment,
    severity: 'error',
    from: fromNot ? { path: from, pathNot: fromNot } : { path: from },
    to: toNot ? { path: to, pathNot: toNot } : { path: to },
  };
}

const ANYWHERE = '^(src|connectors|transforms|predicates)/';
const BUILTINS = '^(connectors|transforms|predicates)/';
const OURS_OUTSIDE = (room) => `^(src/(?!${room}/)|connectors/|transforms/|predicates/)`;

module.exports = {
  forbidden: [
    wall('kafkajs-only-in-src-kafka', 'The Kafka client is built in one room: src/kafka.',
      ANYWHERE, 'node_modules/kafkajs/', '^src/kafka/'),
    wall('kafkajs-through-its-one-door', 'Inside src/kafka too, only kafkajs.ts imports kafkajs: it installs our replacements before kafkajs loads. (The replacements borrow kafkajs\'s codecs, errors, decoders and Long through kafkajsInternals.ts, when first called, after that.)',
      '^src/kafka/', 'node_modules/kafkajs/', '^src/kafka/(kafkajs|kafkajsInternals)\\.ts$'),
    wall('fastify-only-in-src-rest', 'The HTTP server lives in src/rest.',
      ANYWHERE, 'node_modules/(fastify|@fastify/)', '^src/rest/'),
    wall('pg-only-in-connectors-postgres', 'Only the PostgreSQL connectors talk to PostgreSQL.',
      ANYWHERE, 'node_modules/(pg|pg-[^/]+)/', '^connectors/postgres[^/]*/'),
    wall('builtins-use-the-public-sdk', "Built-in plugins import the SDK as outside authors do: `from 'kconnect'`, never src/ by path.",
      BUILTINS, '^src/', undefined, '^src/api/index\\.ts$'),
    wall('sdk-imports-only-data', 'src/api (the SDK) depends on src/data only.',
      '^src/api/', '^(src/(?!api/|data/)|connectors/|transforms/|predicates/)'),
    wall('data-imports-nothing-of-ours', 'The data model stands alone.',
      '^src/data/', OURS_OUTSIDE('data')),
    wall('kafka-imports-nothing-of-ours', 'src/kafka wraps the client and knows nothing of the runtime.',
      '^src/kafka/', OURS_OUTSIDE('kafka')),
    wall('storage-below-runtime', 'Stores sit below the runtime: they may use src/kafka and src/data, not runtime, herder, rest.',
      '^src/storage/', '^src/(runtime|herder|rest|cli|config|plugins|converters)/'),
    wall('rest-through-the-herder', 'REST reaches the runtime only through the Herder (logging is shared by every room).',
      '^src/rest/', '^src/(runtime/(?!logger\\.ts$)|storage/|kafka/|plugins/|cli/)'),
    wall('nothing-imports-the-cli', 'Entry points are leaves.',
      '^(src/(?!cli/)|connectors/|transforms/|predicates/)', '^src/cli/'),
    wall('nothing-below-imports-rest', 'Only the CLI puts the REST server together with the rest.',
      '^src/(runtime|herder|storage|config|plugins|converters)/', '^src/rest/'),
    wall('plugins-room-imports-sdk-only', 'Plugin loading knows the SDK, not the runtime.',
      '^src/plugins/', '^src/(runtime|herder|rest|storage|kafka|cli)/'),
    wall('config-and-converters-below-runtime', 'Configs and converters are used by the runtime, never the other way round.',
      '^src/(config|converters)/', '^src/(runtime|herder|rest|storage|kafka|cli|plugins)/'),
  ],
  options: {
    parser: 'swc',
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsConfig: { fileName: 'tsconfig.json' },
  },
};

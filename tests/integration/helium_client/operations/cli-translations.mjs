// Copied verbatim from thoughtindustries/helium (MIT), tooling/cli/lib/helpers/translations.js
// at commit 8d96e736d46edda55b4109c8c96ce6a596a56619: the document `helium` CLI fetches the lms strings with. See ../NOTICE.md.

const TRANSLATIONS_QUERY = /* GraphQL */ `
  query CompanyTranslationsQuery($namespace: TranslationNamespace!) {
    CompanyTranslations(namespace: $namespace) {
      id
      lang
      translations
    }
  }
`;

export { TRANSLATIONS_QUERY };

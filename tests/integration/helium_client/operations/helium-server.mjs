// Copied verbatim from thoughtindustries/helium (MIT), tooling/helium-server/src/utilities/fetch-user-and-appearance.ts
// at commit 8d96e736d46edda55b4109c8c96ce6a596a56619: the documents helium-server sends before rendering every page. See ../NOTICE.md.

const USER_FRAGMENT = /* GraphQL */ `
  fragment UserFragment on User {
    id
    firstName
    lastName
    email
    address1
    address2
    roleKey
    city
    state
    zipCode
    country
    telephone
    externalCustomerId
    asset
    ref1
    ref2
    ref3
    ref4
    ref5
    ref6
    ref7
    ref8
    ref9
    ref10
  }
`;

const USER_QUERY = /* GraphQL */ `
  query UserQuery {
    CurrentUser {
      ...UserFragment
    }
  }
  ${USER_FRAGMENT}
`;

const USER_AND_APPEARANCE_QUERY = /* GraphQL */ `
  query UserAndAppearanceQuery {
    CurrentUser {
      ...UserFragment
    }
    CompanyDetails {
      settings {
        backgroundAsset
        backgroundAssetTiled
        logoAsset
        retinaLogo
        altFont
        font
        accentColor
        secondaryColor
        linkColor
      }
    }
  }
  ${USER_FRAGMENT}
`;

export { USER_FRAGMENT, USER_QUERY, USER_AND_APPEARANCE_QUERY };

/** The case "Open demo case" builds (src/main/services/demo.ts); the sidebar offers it while it is absent. */
export const DEMO_CASE_ID = 'demo-cloud'

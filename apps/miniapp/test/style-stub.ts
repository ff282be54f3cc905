/** Stylesheets imported by components have no effect in jsdom. */
export default {};

/** What only Node can do for the importer: run LibreOffice to read old Office files. */
export { findSoffice, sofficeConverter, type SofficeOptions } from './office.js';

export { renderHtmlReport } from './render-html-report.ts';

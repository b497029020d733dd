#pragma once

// writeReportPdf: a campaign report on A4 pages, in the interface language: the numbers as tiles,
// sends and refusals per minute, the bounce reasons and top domains as bars, then the tables of
// accounts, domains and reasons. Drawn with the same QPainter code as the screen (ReportCharts).

#include <QString>

#include "report/CampaignReport.h"

namespace hivepost::ui {

bool writeReportPdf(const report::CampaignReport &report, const QString &path, QString *error = nullptr);

} // namespace hivepost::ui

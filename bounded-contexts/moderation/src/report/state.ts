import { streamAggregate, type StreamAggregate } from '@guildhall/kernel';
import { reportEvents, type ReportEvent, type ReportFiled, type ReportResolved } from './events.js';

/**
 * One reporter's report of one message (or member). Filing again after a resolution opens it again
 * (a new filing, the old one stays in the stream); while it is open a second filing is refused.
 */
export type ReportState = Readonly<{
  status: 'none' | 'open' | 'resolved';
  filing: ReportFiled['data'] | null;
  resolution: ReportResolved['data'] | null;
}>;

export const initialReportState = (): ReportState => ({ status: 'none', filing: null, resolution: null });

export const evolveReport = (s: ReportState, e: ReportEvent): ReportState => {
  switch (e.type) {
    case 'ReportFiled':
      return { status: 'open', filing: e.data, resolution: null };
    case 'ReportResolved':
      return { ...s, status: 'resolved', resolution: e.data };
    default: {
      const unknown: never = e;
      return unknown;
    }
  }
};

export const reportAggregate: StreamAggregate<ReportState, ReportEvent> = streamAggregate({ initialState: initialReportState, evolve: evolveReport }, reportEvents);

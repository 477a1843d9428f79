export { scanLibrary, scanLibraryDetailed, scanFile, readOggOpusInfo, trackId, type LibraryTrack, type ScanResult, type TrackFormat } from './scan.js';
export { ensureDemoLibrary, writeToneFile, encodeTone, DEMO_TRACKS, type ToneSpec } from './demo.js';
export { resolveAudioUrl, isUrl, type UrlOptions } from './url.js';
export { AudioError, configureFfmpeg, ffmpegAvailable, type AudioErrorCode } from './ffmpeg.js';

#!/usr/bin/env node
// The compiled CLI (dist/, built by `npm install` through the prepare script), in this process.
import { main } from '../dist/cli/index.js'

process.exitCode = await main(process.argv.slice(2))

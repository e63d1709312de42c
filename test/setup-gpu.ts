// Every unit test process gets a real WebGPU in Node (Dawn on SwiftShader) before anything imports TF.js.
import { installNodeWebGPU } from '../src/gpu/node.ts';

installNodeWebGPU();
